"""Running the course on a JupyterHub: a local hub for tests and the classroom benchmark."""
