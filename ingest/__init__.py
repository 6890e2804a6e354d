"""Files -> chunks. Entry point: :func:`ingest.pipeline.load_chunks`."""
