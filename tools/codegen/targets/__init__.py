"""Code generation targets: one module per generated artefact family."""
