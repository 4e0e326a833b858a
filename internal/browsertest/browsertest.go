// Package browsertest finds and starts the headless Chromium that the
// browser tests of serve/ and report/ drive through chromedp.
package browsertest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
)

// Browsers are the Chromium builds looked for, Debian's first (apt-get
// install chromium-headless-shell, or chromium).
var Browsers = []string{"chromium-headless-shell", "chromium", "chromium-browser", "google-chrome", "headless-shell"}

// Find returns a browser to drive, or skips the test; with
// COMMONSIM_BROWSER_TEST=1 (set by .ci/run, which installs one) a missing
// browser is a failure instead.
func Find(t testing.TB) string {
	t.Helper()
	for _, name := range Browsers {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	msg := "no Chromium found (" + strings.Join(Browsers, ", ") + "); apt-get install chromium-headless-shell"
	if os.Getenv("COMMONSIM_BROWSER_TEST") == "1" {
		t.Fatal(msg + " (COMMONSIM_BROWSER_TEST=1 requires it)")
	}
	t.Skip(msg)
	return ""
}

// Options are the allocator options of a headless browser at exe with a
// window of width × height pixels.
func Options(exe string, width, height int) []chromedp.ExecAllocatorOption {
	return append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.WindowSize(width, height), chromedp.Flag("hide-scrollbars", true))
}

// Errors collects what the pages of a context write to the console as an
// error: uncaught exceptions, console.error and errors of the browser log
// (a resource that failed to load, a blocked request).
type Errors struct {
	mu   sync.Mutex
	list []string
}

// Listen starts collecting the errors of ctx's pages until ctx ends.
func Listen(ctx context.Context) *Errors {
	e := &Errors{}
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Type != chromedp.ConsoleError && !m.IsException() {
				continue
			}
			msg := m.String()
			if m.URL != "" {
				msg += fmt.Sprintf(" (%s:%d:%d)", m.URL, m.Line+1, m.Column+1)
			}
			e.mu.Lock()
			e.list = append(e.list, msg)
			e.mu.Unlock()
		}
	}()
	return e
}

// List returns the errors so far.
func (e *Errors) List() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string(nil), e.list...)
}

// Downloads lets the pages of ctx download files, into a new temporary
// directory of t, which it returns.
func Downloads(ctx context.Context, t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	if _, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir,
	}); err != nil {
		t.Fatal(err)
	}
	return dir
}

// Eval returns the value of the JavaScript expression expr, a string, in
// the page of ctx; an error fails the test.
func Eval(ctx context.Context, t testing.TB, expr string) string {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr))
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return v
}
