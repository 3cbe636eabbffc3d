"""The WKSBM standard: its declaration (`schemas.standard`) and pandera schemas (`schemas.frames`)."""
