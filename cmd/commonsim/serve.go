package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"time"

	"commonsim/serve"
)

type serveCmd struct {
	Scenarios     []string `arg:"" optional:"" name:"scenario" help:"Scenario files (or built-in names) to offer besides the built-in ones; the first is shown first."`
	Addr          string   `help:"Address to listen on; the default is this computer only, on a free port. Another address lets other machines in: a warning says so." default:"127.0.0.1:0" placeholder:"HOST:PORT"`
	Open          bool     `help:"Open the lab in the web browser."`
	Export        string   `help:"Directory where the page's 'Run as batch' writes scenario files and result sets (off when not given)." placeholder:"DIR"`
	MaxRuns       int      `name:"max-runs" help:"Most runs going on at once, over all pages." default:"4"`
	MaxReplicates int      `name:"max-replicates" help:"Most replicates of one run." default:"20"`
	Workers       int      `short:"w" help:"Replicates computed at once over the whole server (default: all cores)." default:"0"`
}

func (c serveCmd) Run(ctx context.Context) error {
	if c.MaxRuns < 1 || c.MaxRuns > 1000 {
		return fmt.Errorf("--max-runs %d: must be 1 to 1000", c.MaxRuns)
	}
	if c.MaxReplicates < 1 || c.MaxReplicates > 1000 {
		return fmt.Errorf("--max-replicates %d: must be 1 to 1000", c.MaxReplicates)
	}
	if c.Workers < 0 || c.Workers > 4096 {
		return fmt.Errorf("--workers %d: must be 0 (all cores) to 4096", c.Workers)
	}
	host, _, err := net.SplitHostPort(c.Addr)
	if err != nil {
		return fmt.Errorf("--addr %q: %v (expected HOST:PORT, e.g. 127.0.0.1:8080)", c.Addr, err)
	}
	lab, err := serve.New(serve.Options{
		Scenarios: c.Scenarios, ExportDir: c.Export, MaxRuns: c.MaxRuns, MaxReplicates: c.MaxReplicates,
		Workers: c.Workers, Version: version, Command: os.Args, LocalOnly: loopback(host),
	})
	if err != nil {
		return err
	}
	defer lab.Close()
	ln, err := net.Listen("tcp", c.Addr)
	if err != nil {
		return fmt.Errorf("--addr %s: %w", c.Addr, err)
	}
	if !loopback(host) {
		fmt.Fprintf(os.Stderr, "commonsim: warning: listening on %s, not only this computer: anyone who can reach it can run simulations here", ln.Addr())
		if c.Export != "" {
			fmt.Fprintf(os.Stderr, " and write result sets into %s", c.Export)
		}
		fmt.Fprintln(os.Stderr, ". Use --addr 127.0.0.1:PORT unless you mean it.")
	}
	url := "http://" + ln.Addr().String() + "/"
	fmt.Printf("commonsim lab: %s (Ctrl-C to stop)\n", url)
	if c.Open {
		if err := openBrowser(url); err != nil {
			fmt.Fprintf(os.Stderr, "commonsim: could not open a browser (%v); open %s yourself\n", err, url)
		}
	}
	srv := &http.Server{Handler: lab, ReadHeaderTimeout: 10 * time.Second}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	lab.Close() // ends the event streams, so that Shutdown need not wait for them
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	fmt.Println("commonsim lab: stopped")
	return nil
}

// loopback reports whether host names this computer only.
func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func openBrowser(url string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", url)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	return cmd.Start()
}
