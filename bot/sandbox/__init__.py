"""`python -m bot sandbox`: the whole programme in a browser, no token, no internet."""
