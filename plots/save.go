package plots

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Save writes p as <dir>/<name>.png (Width×Height at DPI dots per inch) and
// <dir>/<name>.svg (same size, fonts embedded so the file renders the same
// everywhere). It creates dir if needed. Each file is written to a temporary
// file in dir and renamed into place, so a crash never leaves a half-written
// figure under the final name. name must be a plain file name without
// extension or path separators.
func Save(p *plot.Plot, dir, name string) error {
	if err := save(p, dir, name); err != nil {
		return fmt.Errorf("plots: save %s: %w", name, err)
	}
	return nil
}

func save(p *plot.Plot, dir, name string) error {
	if p == nil {
		return errors.New("nil plot")
	}
	if name == "" || name == "." || name == ".." || strings.ContainsAny(name, `/\`) {
		return fmt.Errorf("invalid figure name %q", name)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}

	png := vgimg.NewWith(vgimg.UseWH(Width, Height), vgimg.UseDPI(DPI))
	if err := drawPlot(p, png); err != nil {
		return err
	}
	if err := writeAtomic(dir, name+".png", vgimg.PngCanvas{Canvas: png}); err != nil {
		return err
	}

	svg := vgsvg.NewWith(vgsvg.UseWH(Width, Height), vgsvg.EmbedFonts(true))
	if err := drawPlot(p, svg); err != nil {
		return err
	}
	return writeAtomic(dir, name+".svg", svg)
}

// margin is the blank border around a saved figure, so that no text touches
// the edge of the page (or is clipped where a viewer substitutes a slightly
// wider font for the embedded one).
const margin = 6 * pt

// drawPlot draws p on c, inside a blank margin, turning a panic inside gonum/plot (e.g. from an
// impossible axis range a caller set) into an error.
func drawPlot(p *plot.Plot, c vg.CanvasSizer) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("draw: %v", r)
		}
	}()
	p.Draw(draw.Crop(draw.New(c), margin, -margin, margin, -margin))
	return nil
}

// writeAtomic writes w to dir/file through a temporary file in dir that is
// renamed into place once complete.
func writeAtomic(dir, file string, w io.WriterTo) (err error) {
	f, err := os.CreateTemp(dir, "."+file+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	b := bufio.NewWriter(f)
	if _, err = w.WriteTo(b); err != nil {
		return fmt.Errorf("write %s: %w", file, err)
	}
	if err = b.Flush(); err != nil {
		return err
	}
	if err = f.Chmod(0o644); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(dir, file))
}
