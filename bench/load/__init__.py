"""The socket-level load benchmark (bench/bench_load.py): simulated browser tabs speaking
Reflex's real websocket protocol against a running stack.

protocol.py  one tab: engine.io / socket.io over a websocket, hydrate, navigate, log in
world.py     the app's event names and the demo city's pages and accounts
users.py     the user mix (anonymous, customers, technicians, merchants) and think time
runner.py    the scenarios: browsing load, logins, idle live pages, churn (steady state)
meter.py     server and client CPU, server memory
stack.py     the stacks (embedded; PostgreSQL + Redis + N workers), via tests/support
capture.py   records a real browser's frames (captured_frames.txt) to compare shapes with
"""

from bench.load.protocol import Names, Page, Tab, TabError
from bench.load.runner import Context, browsing, churn, idle_pages, logins
from bench.load.stack import Stack, stack_named
from bench.load.users import DEFAULT_MIX, log_in, log_in_accounts, parse_mix
from bench.load.world import event_names, read_world

__all__ = [
    "DEFAULT_MIX",
    "Context",
    "Names",
    "Page",
    "Stack",
    "Tab",
    "TabError",
    "browsing",
    "churn",
    "event_names",
    "idle_pages",
    "log_in",
    "log_in_accounts",
    "logins",
    "parse_mix",
    "read_world",
    "stack_named",
]
