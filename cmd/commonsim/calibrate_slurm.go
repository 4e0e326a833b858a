package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"commonsim/batch"
)

// slurmWave runs a wave as a Slurm array job: it writes the wave's sbatch
// script (the script `commonsim slurm` writes, its tasks running shard K of
// N into DIR/wave-W.shards/shard-K, or resuming it when requeued),
// submits it with `sbatch --wait` and, once every task has succeeded,
// merges the shards into DIR/wave-W. Resubmitted after a failure, tasks
// whose shard is complete end at once. On Ctrl-C the array job is
// cancelled.
func (cal *calibration) slurmWave(ctx context.Context, dir string, cfg batch.Config, runs int, what string) error {
	s := cal.m.Slurm
	shards := min(s.Shards, runs)
	// The nodes see absolute paths only.
	root, err := filepath.Abs(dir + ".shards")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(root, 0o755); err != nil {
		return err
	}
	var runArgs []string
	runArgs = append(runArgs, shq(cal.scFile))
	for _, v := range cfg.Sets {
		runArgs = append(runArgs, "--set", shq(v))
	}
	for _, v := range cfg.Sweeps {
		runArgs = append(runArgs, "--sweep", shq(v))
	}
	runArgs = append(runArgs, "--design", cfg.Design, "--samples", strconv.Itoa(cfg.Samples), "--replications", strconv.Itoa(cfg.Replications), "-q")
	extra := []string{"--output=" + filepath.Join(root, "slurm-%A_%a.out")}
	if s.Time != "" {
		extra = append(extra, "--time="+s.Time)
	}
	if s.Partition != "" {
		extra = append(extra, "--partition="+s.Partition)
	}
	if s.Account != "" {
		extra = append(extra, "--account="+s.Account)
	}
	if s.Mem != "" {
		extra = append(extra, "--mem="+s.Mem)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	merge := shq(s.Bin) + " merge " + shq(abs) + " " + shq(root) + "/shard-*"
	scriptPath := filepath.Join(root, "wave.sbatch")
	data := map[string]any{
		"Runs": runs, "Shards": shards, "Cpus": s.Cpus, "Name": s.Name,
		"Command": fmt.Sprintf("commonsim calibrate (%s, %s)", cal.dir, what),
		"ScriptQ": shq(scriptPath), "BinQ": shq(s.Bin), "OutQ": shq(root),
		"Extra": extra, "MergeExtra": []string{}, "MergeQ": shq(merge), "Merge": merge,
		"RunArgs": strings.Join(runArgs, " "),
	}
	var buf bytes.Buffer
	if err := slurmScript.Execute(&buf, data); err != nil {
		return err
	}
	if err := writeScript(scriptPath, buf.Bytes()); err != nil {
		return err
	}
	if !cal.quiet {
		fmt.Fprintf(cal.log, "%s (%d runs): submitting %s, an array job of %d shards, and waiting for it\n", what, runs, scriptPath, shards)
	}
	sub := exec.Command("sbatch", "--wait", "--parsable", scriptPath)
	sub.Dir = root
	stdout, err := sub.StdoutPipe()
	if err != nil {
		return err
	}
	var stderr bytes.Buffer
	sub.Stderr = &stderr
	if err := sub.Start(); err != nil {
		return fmt.Errorf("%s: cannot run sbatch (%v): is this a Slurm login node? Run the calibration without --slurm-shards, or where sbatch is", what, err)
	}
	// The job id comes first on stdout; the pipe is read to its end before
	// Wait, as os/exec requires.
	jobs, read := make(chan string, 1), make(chan struct{})
	go func() {
		defer close(read)
		sc := bufio.NewScanner(stdout)
		for first := true; sc.Scan(); first = false {
			if first {
				id, _, _ := strings.Cut(strings.TrimSpace(sc.Text()), ";")
				jobs <- id
			}
		}
	}()
	done := make(chan error, 1)
	go func() {
		<-read
		done <- sub.Wait()
	}()
	job := ""
	for waiting := true; waiting; {
		select {
		case job = <-jobs:
			if !cal.quiet {
				fmt.Fprintf(cal.log, "%s: array job %s submitted\n", what, job)
			}
		case err := <-done:
			if err != nil {
				return fmt.Errorf("%s: the array job %s did not succeed (sbatch --wait: %v; %s): see the logs in %s, then continue with `commonsim calibrate --resume %s` (finished shards are kept)",
					what, job, err, strings.TrimSpace(stderr.String()), root, cal.dir)
			}
			waiting = false
		case <-ctx.Done():
			sub.Process.Kill()
			select {
			case job = <-jobs:
			default:
			}
			if job != "" {
				exec.Command("scancel", job).Run()
			}
			<-done
			return fmt.Errorf("%s: interrupted; array job %s cancelled", what, job)
		}
	}
	var dirs []string
	for k := 1; k <= shards; k++ {
		dirs = append(dirs, filepath.Join(root, fmt.Sprintf("shard-%d", k)))
	}
	if _, err := batch.Merge(dir, dirs, os.Args); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}
