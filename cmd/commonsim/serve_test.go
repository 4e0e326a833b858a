package main

import (
	"bufio"
	"bytes"
	"errors"
	"net/http"
	"os/exec"
	"strings"
	"syscall"
	"testing"
)

// TestServeCommand starts `commonsim serve` as a student would: it prints
// its URL on loopback, answers there, warns when told to listen beyond this
// computer, refuses bad flags with one line, and stops on Ctrl-C with status 130, as every command does.
func TestServeCommand(t *testing.T) {
	bin := buildBinary(t)
	start := func(args ...string) (url string, cmd *exec.Cmd, stderr *bytes.Buffer) {
		t.Helper()
		cmd = exec.Command(bin, append([]string{"serve"}, args...)...)
		stderr = &bytes.Buffer{}
		cmd.Stderr = stderr
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		line, err := bufio.NewReader(out).ReadString('\n')
		if err != nil {
			_ = cmd.Process.Kill()
			t.Fatalf("serve %v printed no URL: %v, stderr %s", args, err, stderr)
		}
		f := strings.Fields(line)
		if len(f) < 3 || f[0] != "commonsim" || f[1] != "lab:" || !strings.HasPrefix(f[2], "http://") {
			t.Fatalf("first line %q", line)
		}
		go func() { _, _ = bufio.NewReader(out).ReadString(0) }()
		return f[2], cmd, stderr
	}
	stop := func(cmd *exec.Cmd) {
		t.Helper()
		if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
			t.Fatal(err)
		}
		// Every command ends with status 130 after SIGINT (main.go).
		err := cmd.Wait()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != 130 {
			t.Errorf("serve after Ctrl-C: %v, want exit status 130", err)
		}
	}

	url, cmd, stderr := start()
	if !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Errorf("default address %s is not loopback", url)
	}
	res, err := http.Get(url + "api/info")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("GET api/info: %v %v", res, err)
	}
	res.Body.Close()
	stop(cmd)
	if strings.Contains(stderr.String(), "warning") {
		t.Errorf("a warning on loopback: %s", stderr)
	}

	_, cmd, stderr = start("--addr", "0.0.0.0:0")
	stop(cmd)
	if !strings.Contains(stderr.String(), "warning: listening on") {
		t.Errorf("no warning for 0.0.0.0: %q", stderr)
	}

	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--addr", "nonsense"}, "--addr \"nonsense\""},
		{[]string{"--addr", "256.1.1.1:0"}, "--addr 256.1.1.1:0"},
		{[]string{"--max-runs", "0"}, "--max-runs 0: must be 1 to 1000"},
		{[]string{"--max-replicates=-2"}, "--max-replicates -2"},
		{[]string{"--workers=-1"}, "--workers -1"},
		{[]string{"no-such-file.toml"}, "no-such-file.toml: does not exist"},
		{[]string{"comons"}, `did you mean "commons"`},
	} {
		out, err := exec.Command(bin, append([]string{"serve"}, c.args...)...).CombinedOutput()
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		if err == nil || len(lines) != 1 || !strings.Contains(lines[0], c.want) || !strings.HasPrefix(lines[0], "commonsim: ") {
			t.Errorf("serve %v: %v\n%s\nwant one line with %q", c.args, err, out, c.want)
		}
	}
}
