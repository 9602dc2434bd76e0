# JupyterHub configuration for the course on one machine (127.0.0.1), used by the hub test
# (tests/hub/) and the classroom benchmark (bench/hub_load.py) through hub/local.py, and a
# starting point for a class server. Everything variable comes from the environment:
#   VALUELOOPS_HUB_DIR       folder for the hub's database, cookie secret and the students' homes
#   VALUELOOPS_HUB_PORT      public port (the proxy);  VALUELOOPS_HUB_API_PORT  the hub's own port
#   VALUELOOPS_PROXY_API_PORT  the proxy's REST API port
#   VALUELOOPS_HUB_USERS     students allowed to log in, separated by spaces
#   VALUELOOPS_HUB_PASSWORD  the shared password (at least 8 characters)
#   VALUELOOPS_HUB_PROXY     the configurable-http-proxy command (hub/node_modules/.bin/...)
#   VALUELOOPS_HUB_PYTHON    the single-user environment's python (the course's .venv)
#   VALUELOOPS_HUB_DEFAULT_URL  optional: where a server opens (default /lab)
import os
from pathlib import Path

c = get_config()  # noqa: F821 (defined by JupyterHub when it loads this file)

here = Path(os.environ["VALUELOOPS_HUB_DIR"])
venv_bin = Path(os.environ["VALUELOOPS_HUB_PYTHON"]).parent

c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = int(os.environ["VALUELOOPS_HUB_PORT"])
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ["VALUELOOPS_HUB_API_PORT"])
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{os.environ['VALUELOOPS_PROXY_API_PORT']}"
c.ConfigurableHTTPProxy.command = [os.environ["VALUELOOPS_HUB_PROXY"]]
c.JupyterHub.db_url = f"sqlite:///{here / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(here / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(here / "jupyterhub.pid")

# The built-in shared-password authenticator (successor of DummyAuthenticator's password).
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = os.environ["VALUELOOPS_HUB_PASSWORD"]
c.Authenticator.allowed_users = set(os.environ["VALUELOOPS_HUB_USERS"].split())

# One process per student, as the hub's own user (works as root), home in the hub's folder.
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = str(here / "home" / "{username}")
c.Spawner.cmd = [str(venv_bin / "jupyterhub-singleuser")]
if os.getuid() == 0:
    c.Spawner.args = ["--allow-root"]
# Where a student's server opens: JupyterLab, or (as the Zero to JupyterHub recipe does) an
# nbgitpuller query that pulls the course first: VALUELOOPS_HUB_DEFAULT_URL="/git-pull?repo=...".
c.Spawner.default_url = os.environ.get("VALUELOOPS_HUB_DEFAULT_URL") or "/lab"
# The course environment first on PATH, so `!python -m valueloops grade` and `make` use it.
c.Spawner.environment = {"PATH": f"{venv_bin}{os.pathsep}{os.environ.get('PATH', '')}"}
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 180
c.JupyterHub.concurrent_spawn_limit = 50
