"""Question -> cited Answer. Entry point: :class:`assistant.core.Assistant`."""
