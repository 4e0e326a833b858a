package webassets

import (
	"bytes"
	"strings"
	"testing"
)

// TestFiles checks that every file is embedded, is what its name says and
// carries the version the package documents.
func TestFiles(t *testing.T) {
	js, css, lic := UPlotJS(), UPlotCSS(), UPlotLicense()
	if len(js) < 10000 || !bytes.Contains(js, []byte("uPlot")) {
		t.Errorf("%s: %d bytes, no uPlot in it", UPlotJSName, len(js))
	}
	if !bytes.Contains(css, []byte(".uplot")) {
		t.Errorf("%s lacks the .uplot rules", UPlotCSSName)
	}
	if !bytes.Contains(lic, []byte("MIT")) {
		t.Errorf("%s is not the MIT licence", UPlotLicenseName)
	}
	js[0] = 0 // a copy: the next call must not see this
	if UPlotJS()[0] == 0 {
		t.Error("UPlotJS returns shared bytes")
	}
	for _, name := range []string{UPlotJSName, UPlotCSSName, UPlotLicenseName} {
		if _, err := FS().Open(name); err != nil {
			t.Errorf("FS: %v", err)
		}
	}
	if !strings.Contains(UPlotVersion, ".") {
		t.Errorf("UPlotVersion %q", UPlotVersion)
	}
}
