"""BMS kiosk: the self-service terminal (borne multi-services) of a CPAM agency."""

__version__ = "0.1.0"
