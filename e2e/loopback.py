"""libtorrent session settings shared by the end-to-end helpers (seed.py, leech.py).

Every peer and the tracker live on 127.0.0.1: these settings keep libtorrent on loopback, on the
exact port the tests chose, talking plain BEP 3 over TCP, and finding peers only through the tracker.
"""

import libtorrent as lt


def session_settings(port, role, **extra):
    """Settings for a session listening on 127.0.0.1:port; `role` names it in its user agent."""
    settings = {
        "listen_interfaces": "127.0.0.1:%d" % port,
        # The tests pick the port: fail rather than quietly bind another.
        "max_retry_port_bind": 0,
        "listen_system_port_fallback": False,
        # Only the tracker may introduce peers: no DHT, local discovery or port mapping.
        "enable_dht": False,
        "enable_lsd": False,
        "enable_upnp": False,
        "enable_natpmp": False,
        "enable_ip_notifier": False,
        # Gorrent speaks TCP only; uTP would just add a second path to reason about.
        "enable_incoming_utp": False,
        "enable_outgoing_utp": False,
        # Every test peer is 127.0.0.1, so several connections share one address.
        "allow_multiple_connections_per_ip": True,
        # The tracker and the peers are on loopback; SSRF mitigation exists to stop exactly that.
        "ssrf_mitigation": False,
        "apply_ip_filter_to_trackers": False,
        "alert_mask": (lt.alert.category_t.error_notification
                       | lt.alert.category_t.status_notification
                       | lt.alert.category_t.storage_notification
                       | lt.alert.category_t.tracker_notification
                       | lt.alert.category_t.connect_notification
                       | lt.alert.category_t.peer_notification),
        "user_agent": "gorrent-e2e-%s libtorrent/%s" % (role, lt.__version__),
    }
    settings.update(extra)
    return settings
