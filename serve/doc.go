// Package serve is the browser lab of `commonsim serve`: a local web server
// whose page lets a student pick a scenario, move sliders, press Setup, Step,
// Go and Pause, watch the commons live over several replicates, pin runs to
// compare them, keep a run log, and export what they did as a scenario file
// or a batch. Everything the page needs is embedded in the binary; it works
// offline.
//
// # Layout
//
//	server.go    Server, Options, the routes and the API's handlers: JSON in
//	             and out, strict decoding, 4xx answers with a message
//	catalog.go   the scenario picker (built-ins and the files named on the
//	             command line, read once) and the controls, generated from the
//	             parameter registry (scenarios.Params); settings are checked by
//	             the registry's parser and Scenario.SetAll, the code of --set
//	charts.go    which metrics are charted and logged, found by name in the
//	             metric registries (titles, axes, units and scales are the
//	             registry's), with a sentence for students; the Lorenz and
//	             survival charts
//	run.go       one run of the lab: its replicates stepped a chunk at a time,
//	             reduced to the mean and 95% band per tick, to Lorenz curves
//	             and, at the end, to survival, and revealed at the page's
//	             speed (drive)
//	sse.go       the server-sent event stream a run is shown through
//	runlog.go    the run log of each page session, as JSON and as CSV
//	export.go    "Save as TOML" (a file `commonsim run` accepts and runs to the
//	             same numbers) and "Run as batch" (a result set and report in
//	             the --export directory)
//	engine.go    the only file that calls sim, batch and report: metric
//	             registries, run specs and seeds, the size check (run's,
//	             batch.CheckLimits), a replicate's model stepped to a tick
//	             (sim/live.go), exporting a batch
//	static/      the page: index.html, lab.js, lab.css (plain HTML, CSS and
//	             JavaScript, no build step); the charting library, uPlot, comes
//	             from commonsim/internal/webassets
//
// # The API
//
//	GET    /api/info                  scenarios with their values, controls, charts, limits
//	POST   /api/check                 check settings: 200, or 400 with each problem beside its control
//	POST   /api/runs                  Setup: make a run (201), 400 bad settings, 429 lab full
//	GET    /api/runs/{id}/events      the run's event stream: hello, status, ticks, lorenz, survival, done, failed
//	POST   /api/runs/{id}/control     {"action": "step"|"go"|"pause"|"speed", "speed": ticks/s, 0 = fastest}
//	DELETE /api/runs/{id}             Reset: stop the run
//	GET    /api/log, /api/log.csv     the session's run log
//	POST   /api/export/toml           the settings as a scenario file (a download)
//	POST   /api/export/batch          run the settings as a batch into --export DIR (403 without it)
//
// Settings travel as {"scenario": ID, "set": ["key=value", ...],
// "replicates": N, "session": TOKEN}, the set in the form of --set.
//
// # Promises
//
//   - Identity: a run's replicates are the run matrix `commonsim run` makes
//     of the file "Save as TOML" writes (same ids, seeds and parameters), so
//     the lab shows the same numbers (TestLabEqualsRun).
//   - Safety: the server binds to loopback unless told otherwise; it reads
//     only the scenario files named on the command line (at start-up) and
//     writes only into the --export directory; every run's size is bounded
//     (replicates, and `commonsim run`'s check of sizes and memory,
//     batch.CheckLimits, with all replicates in flight), at most MaxRuns go
//     on at once, and a run is cancelled, within a tick, when its page's
//     stream closes, Reset is pressed, or its page never opens it. On loopback it also refuses a Host that is not this
//     computer (DNS rebinding), and every POST must be JSON, which a page of
//     another site cannot send without the browser asking first.
//   - A run lives as long as its event stream: no state outlives a page
//     except its run log, which is bounded.
package serve
