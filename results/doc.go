// Package results writes and reads commonsim result sets: a directory with
// runs.csv, timeseries.csv, lorenz.csv, survival.csv and manifest.json
// (docs/OUTPUTS.md). Writing streams rows and flushes after every run, with
// files renamed into place when done, so a killed process never leaves a
// half-written CSV and memory does not grow with the number of runs.
//
// Nothing found on disk is trusted. Every file commonsim writes goes
// through one helper (AtomicFile: a temporary file made by os.CreateTemp in
// the target's directory, fsynced and renamed into place) or, for the files
// appended to while a batch runs, an O_EXCL or O_NOFOLLOW open of a regular
// file with one link: no symbolic or hard link redirects a write. A result
// set is written under its lock (LockSet), by one process at a time. Files
// are read only if they are regular files (OpenRegular: a FIFO is refused
// rather than waited on), lines no longer than MaxLine, manifests no larger
// than MaxManifestBytes.
//
// The CSV files are read through one reader, Rows (OpenRows): a row at a
// time, in constant memory, with errors that name the file and the line.
// The report, sensitivity.csv, Verify and ReadTable read through it;
// Merge and Resume copy and checksum the files' bytes without parsing
// them.
package results
