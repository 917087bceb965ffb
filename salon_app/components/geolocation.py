"""The browser's position (Geolocation API), asked for once per action.

CURRENT_POSITION_JS evaluates to a Promise that Reflex awaits before calling the callback
handler with {"lat", "lng", "accuracy"}, or with null when the browser has no geolocation, the
user refuses, or no fix comes within 10 s (the browser's own timeout does not count the time
the permission prompt stays open, hence the outer timer). The server validates what it gets.
"""

from __future__ import annotations

CURRENT_POSITION_JS = """
new Promise((resolve) => {
  if (!navigator.geolocation) { resolve(null); return; }
  const timer = setTimeout(() => resolve(null), 10000);
  navigator.geolocation.getCurrentPosition(
    (p) => {
      clearTimeout(timer);
      resolve({lat: p.coords.latitude, lng: p.coords.longitude, accuracy: p.coords.accuracy});
    },
    () => { clearTimeout(timer); resolve(null); },
    {enableHighAccuracy: true, timeout: 8000, maximumAge: 30000},
  );
})
"""
