package webassets

import (
	"embed"
	"io/fs"
)

// UPlotVersion is the version of the vendored uPlot.
const UPlotVersion = "1.6.32"

// The file names, as FS serves them.
const (
	UPlotJSName      = "uPlot.iife.min.js"
	UPlotCSSName     = "uPlot.min.css"
	UPlotLicenseName = "uPlot.LICENSE"
)

//go:embed uPlot.iife.min.js uPlot.min.css uPlot.LICENSE
var files embed.FS

// FS returns the files of this package by their names (UPlotJSName,
// UPlotCSSName, UPlotLicenseName), for http.FileServerFS or for inlining.
func FS() fs.FS { return files }

// UPlotJS returns the minified uPlot script (an IIFE that defines the
// global uPlot), a fresh copy.
func UPlotJS() []byte { return mustRead(UPlotJSName) }

// UPlotCSS returns uPlot's style sheet, a fresh copy.
func UPlotCSS() []byte { return mustRead(UPlotCSSName) }

// UPlotLicense returns uPlot's MIT licence text, to ship beside the script.
func UPlotLicense() []byte { return mustRead(UPlotLicenseName) }

// mustRead reads an embedded file; the names are constants checked by the
// package's test, so a failure is a build mistake, not an input error.
func mustRead(name string) []byte {
	b, err := files.ReadFile(name)
	if err != nil {
		panic("webassets: " + err.Error())
	}
	return b
}
