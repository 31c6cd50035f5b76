"""Technicians and supervision: health monitor and out-of-service, diagnostics, watchdog,
technician access with its audit log, the maintenance screen."""
