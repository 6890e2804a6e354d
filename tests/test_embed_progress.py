"""Embedding reports its progress with the passages done, and reuses known vectors."""
import numpy as np

from index.testing import HashEmbedding
from index.vectors import EMBED_BATCH, embed_reusing


def test_progress_counts_passages_and_order_does_not_change_vectors():
    emb = HashEmbedding()
    texts = [("woord " * (i % 17 + 1)) + str(i) for i in range(EMBED_BATCH * 2 + 5)]
    known = {texts[0]: emb.embed_passages([texts[0]])[0]}
    calls: list[tuple[float, str]] = []
    vectors, embedded = embed_reusing(texts, emb, known, progress=lambda f, m: calls.append((f, m)))
    assert embedded == len(texts) - 1
    assert np.allclose(vectors, emb.embed_passages(texts))  # row i is text i, whatever the batch order
    fractions = [f for f, _ in calls]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert calls[0][1].startswith(f"embedding passages ({EMBED_BATCH}/{len(texts) - 1}")
    assert calls[0][1].text("nl").startswith(f"tekstdelen inbedden ({EMBED_BATCH}/{len(texts) - 1}")
    assert calls[-1][1] == f"embedding passages ({len(texts) - 1}/{len(texts) - 1})"
