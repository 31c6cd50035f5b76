"""The routers of the /v1 API, one module per group of the OpenAPI tags."""
