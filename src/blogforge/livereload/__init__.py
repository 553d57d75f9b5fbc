"""The live preview behind `blogforge serve`: a small web server on the standard library
(server.py), watchdog for file events (watch.py), the rebuild loop over the build engine
(preview.py) and the script that reloads open tabs (client.js)."""
