"""Real Oxigraph and Virtuoso servers on free loopback ports, for tests that need a live store."""

from .loopback import free_port, http_ok, port_is_free
from .oxigraph import OxigraphServer, find_oxigraph
from .process import INSTALL_HINT, ServerError, ServerProcess
from .virtuoso import VIRTUOSO_INIS, VirtuosoServer, find_virtuoso, rewrite_ini

__all__ = ["INSTALL_HINT", "VIRTUOSO_INIS", "OxigraphServer", "ServerError", "ServerProcess", "VirtuosoServer",
           "find_oxigraph", "find_virtuoso", "free_port", "http_ok", "port_is_free", "rewrite_ini"]
