"""Page views, one module per area; each view: parse, check access, call a service, render."""
