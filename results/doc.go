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
// them. Every CSV file commonsim writes quotes text with AppendField and
// writes numbers with AppendFloat, so that ParseFloat reads them back.
//
// Where things are: writer.go (Writer: CreateSet, Write, Close), journal.go
// and resume.go (the journal of a running batch, and Resume, which cuts a
// killed set back to its last whole run), manifest.go (Manifest, the
// schema version), reader.go (Rows, ReadTable), verify.go, merge.go,
// safefile.go (AtomicFile, OpenRegular, CheckLinks), lock.go (LockSet),
// format.go (the CSV text of numbers and fields, LimitLines), ranges.go
// (run-id ranges).
package results
