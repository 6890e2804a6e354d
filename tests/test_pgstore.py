"""What only the PostgreSQL store has, against a real server (the ``pg_url`` fixture):
its schema migrations, a clear and quick message when the database cannot be reached,
replicas (one process ingests, another answers without a restart), ``kill -9`` of an
ingest in the middle of its transaction, the feedback table, and the command line's
``--store``. The tests common to both stores are in tests/test_store.py."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import psycopg
import pytest

from config import Settings
from index.pg import PgStore, StoreUnavailable
from index.pg.schema import MIGRATIONS, VERSION, migrate
from index.testing import HashEmbedding
from tests.support import ROOT
from tests.support.corpus import write_tiny_corpus


@pytest.fixture
def settings(tmp_path, pg_url, pg_schema) -> Settings:
    return Settings(corpus_dir=write_tiny_corpus(tmp_path / "corpus"), index_dir=tmp_path / "index",
                    store_url=pg_url, store_schema=pg_schema, store_timeout=3.0)


def test_schema_is_created_and_migrated_once(settings, pg_url, pg_schema):
    assert migrate(pg_url, pg_schema, 3.0) == VERSION
    assert migrate(pg_url, pg_schema, 3.0) == VERSION  # a second time: nothing to do
    with psycopg.connect(pg_url) as conn:
        rows = conn.execute(f'SELECT version, description FROM "{pg_schema}".schema_migrations ORDER BY 1').fetchall()
        assert [v for v, _ in rows] == [v for v, _d, _s in MIGRATIONS]
        tables = {t for (t,) in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = %s", (pg_schema,))}
        assert {"state", "generations", "files", "chunks", "term_stats", "feedback", "schema_migrations"} <= tables
        conn.execute(f'INSERT INTO "{pg_schema}".schema_migrations (version, description) VALUES (%s, %s)',
                     (VERSION + 1, "from a newer program"))
    with pytest.raises(StoreUnavailable, match="newer than this program"):
        PgStore(settings=settings, embedder=HashEmbedding())


def test_indexes_for_the_searches(settings, pg_url, pg_schema):
    store = PgStore(settings=settings, embedder=HashEmbedding())
    store.update([settings.corpus_dir])
    with psycopg.connect(pg_url) as conn:
        defs = [d for (d,) in conn.execute("SELECT indexdef FROM pg_indexes WHERE schemaname = %s", (pg_schema,))]
    assert any("USING hnsw" in d and "vector_cosine_ops" in d and "vector(96)" in d for d in defs)
    assert sum("USING gin (tsv_nl)" in d or "USING gin (tsv_en)" in d for d in defs) == 2


def test_unreachable_database_is_said_quickly_and_clearly(tmp_path, cli_runner):
    url = f"postgresql://vraagbaak:secret@/vraagbaak?host={tmp_path}"  # no server listens there
    started = time.monotonic()
    with pytest.raises(StoreUnavailable) as exc:
        PgStore(url, settings=Settings(store_url=url, store_timeout=2.0))
    assert time.monotonic() - started < 10
    assert "cannot be reached" in str(exc.value) and "secret" not in str(exc.value)
    code, out, err = cli_runner(["ask", "Hoeveel inwoners heeft Leiden?", "--store", url], "nl",
                                VRAAGBAAK_STORE_TIMEOUT="2")
    assert code == 2 and out == "" and "de database met de index is niet bereikbaar" in err
    assert "secret" not in err and "Traceback" not in err
    code, _out, err = cli_runner(["ingest", str(tmp_path), "--store", url], "en", VRAAGBAAK_STORE_TIMEOUT="2")
    assert code == 2 and "the database holding the index cannot be reached" in err
    assert time.monotonic() - started < 30


def test_cli_ingest_and_ask_with_store(settings, cli_runner):
    corpus, url = settings.corpus_dir, settings.store_url
    env = {"VRAAGBAAK_STORE_SCHEMA": settings.store_schema}
    code, out, err = cli_runner(["ingest", str(corpus), "--store", url, "--json"], "en", **env)
    assert code == 0, err
    report = json.loads(out)
    assert report["written"] and report["counts"] == {"ingested": 3} and report["generation"] == "gen-000001"
    code, out, _ = cli_runner(["ingest", str(corpus), "--store", url, "--json"], "en", **env)
    assert code == 0 and json.loads(out)["counts"] == {"unchanged": 3}
    code, out, err = cli_runner(["ask", "Met welke steden heeft Leiden een stedenband?", "--json", "--store", url], **env)
    assert code == 0, err
    answer = json.loads(out)
    assert answer["language"] == "nl" and set(answer) >= {"answer", "citations", "answerable", "timings_ms"}


def test_feedback_is_one_table_for_every_replica(settings):
    from assistant.feedback import FeedbackStore
    from assistant.feedback_pg import open_feedback
    from tests.test_feedback import answer, read_csv

    one, two = open_feedback(settings), open_feedback(settings)  # two replicas
    assert type(one).__name__ == "PgFeedbackStore" and isinstance(one, FeedbackStore)
    one.save("t1", answer(), rating=0, filters={"years": [2023]}, ui_language="en", index_generation="gen-000001")
    two.save("t1", answer(), comment="  Het jaartal klopt niet.  ")
    two.save("t2", answer(), rating=1)
    row = one.get("t1")
    assert row["rating"] == 0 and row["comment"] == "Het jaartal klopt niet." and row["filters"] == {"years": [2023]}
    assert row["citations"][0]["source"] == "monitor.txt" and row["answerable"] == 1
    assert one.counts() == two.counts() == {"total": 2, "up": 1, "down": 1}
    assert one.get("missing") is None
    rows = read_csv(two.export_csv())
    assert [r["id"] for r in rows] == ["t1", "t2"] and rows[0]["rating"] == "down"
    assert open_feedback(settings.with_(store_url="")).path == settings.feedback_db


# --------------------------------------------------------------------------- processes

REPLICA = textwrap.dedent("""
    import json, sys
    sys.path.insert(0, {root!r})
    from assistant.core import Assistant
    from config import Settings
    from index.pg import PgStore
    from index.testing import HashEmbedding

    settings = Settings(store_url={url!r}, store_schema={schema!r}, curated_file="")
    Assistant.RELOAD_CHECK_S = 0.2
    bot = Assistant(PgStore(settings=settings, embedder=HashEmbedding()), settings, use_curated=False)
    print("READY", flush=True)
    for line in sys.stdin:
        a = bot.ask(line.strip())
        print(json.dumps({{"generation": bot.store.generation,
                           "sources": [r["source"] for r in a.retrieved][:3]}}), flush=True)
""")

INGEST = textwrap.dedent("""
    import os, sys, time
    sys.path.insert(0, {root!r})
    from config import Settings
    from index.pg import PgStore, store
    from index.testing import HashEmbedding

    if {stall!r}:
        real = store.ensure_vector_index
        def stall(conn, dim):
            real(conn, dim)
            print("WRITING", flush=True)  # every row is in, the transaction is open
            time.sleep(120)
        store.ensure_vector_index = stall
    settings = Settings(corpus_dir={corpus!r}, store_url={url!r}, store_schema={schema!r})
    report = PgStore(settings=settings, embedder=HashEmbedding()).update([{corpus!r}])
    print("DONE", report.generation, flush=True)
""")


def _python(script: str, **fmt) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", script.format(root=str(ROOT), **fmt)], cwd=ROOT,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _line(proc: subprocess.Popen, timeout: float = 120) -> str:
    import selectors

    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    if not sel.select(timeout):
        proc.kill()
        raise AssertionError(f"no output within {timeout} s")
    line = proc.stdout.readline()
    if not line:
        raise AssertionError(f"process ended: {proc.stderr.read()[-2000:]}")
    return line.strip()


@pytest.mark.integration
def test_one_process_ingests_another_answers_without_restart(settings):
    """Two replicas: the answering process keeps running while another process ingests a
    new document; its next questions are answered from the new generation, within
    seconds, with no restart and nothing shared but the database."""
    corpus, url, schema = str(settings.corpus_dir), settings.store_url, settings.store_schema
    assert PgStore(settings=settings, embedder=HashEmbedding()).update([settings.corpus_dir]).generation == "gen-000001"
    replica = _python(REPLICA, url=url, schema=schema)
    try:
        assert _line(replica) == "READY"
        question = "Wanneer opent het Leids Welkomstpunt aan de Breestraat?\n"
        replica.stdin.write(question)
        replica.stdin.flush()
        before = json.loads(_line(replica))
        assert before["generation"] == "gen-000001" and "welkom.txt" not in before["sources"]

        (settings.corpus_dir / "welkom.txt").write_text(
            "Het Leids Welkomstpunt aan de Breestraat opent op 1 maart 2025.\n", encoding="utf-8")
        second = _python(INGEST, corpus=corpus, url=url, schema=schema, stall=False)
        assert _line(second).startswith("DONE gen-000002")
        second.wait(30)
        done = time.monotonic()
        while True:
            replica.stdin.write(question)
            replica.stdin.flush()
            after = json.loads(_line(replica))
            if after["generation"] == "gen-000002":
                break
            assert time.monotonic() - done < 5, "the replica did not see the new generation within 5 s"
            time.sleep(0.2)
        assert after["sources"][0] == "welkom.txt"
    finally:
        replica.stdin.close()
        replica.wait(30)


@pytest.mark.integration
def test_kill_9_inside_the_write_leaves_the_previous_generation(settings, cli_runner):
    corpus, url, schema = str(settings.corpus_dir), settings.store_url, settings.store_schema
    store = PgStore(settings=settings, embedder=HashEmbedding())
    store.update([settings.corpus_dir])
    gen, texts = store.generation, {n.text for n in store.nodes()}
    (settings.corpus_dir / "nieuw.txt").write_text("De gemeente opende een Expat Desk in de Stationsbuurt.\n",
                                                   encoding="utf-8")
    (settings.corpus_dir / "visie.txt").unlink()
    child = _python(INGEST, corpus=corpus, url=url, schema=schema, stall=True)
    try:
        assert _line(child) == "WRITING"
        # meanwhile: readers answer from the live generation, a second writer is refused
        reader = PgStore.open(settings.store_url, settings=settings, embedder=HashEmbedding())
        assert reader.generation == gen and reader.bm25_search("Expat Desk Stationsbuurt", 3, "nl") == []
        code, _, err = cli_runner(["ingest", corpus, "--store", url], "nl", VRAAGBAAK_STORE_SCHEMA=schema)
        assert code == 2 and "er loopt al een andere indexering" in err and f"pid {child.pid}" in err
        os.kill(child.pid, signal.SIGKILL)
        child.wait(30)
    finally:
        if child.poll() is None:
            child.kill()
    fresh = PgStore.open(settings.store_url, settings=settings, embedder=HashEmbedding())
    assert fresh.generation == gen and {n.text for n in fresh.nodes()} == texts
    report = fresh.update([settings.corpus_dir])  # the lock went with the killed process
    assert report.written and report.generation == "gen-000002"
    assert "visie.txt" not in {n.metadata["source"] for n in fresh.nodes()}
