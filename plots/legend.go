package plots

import (
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Legend layout.
const (
	legendThumbW   = 18 * pt // width of a legend key
	legendThumbH   = 8 * pt  // height of a legend key
	legendThumbGap = 4 * pt  // between key and text
	legendEntryGap = 14 * pt // between entries on a row
	legendRowGap   = 2 * pt  // between rows
	legendPad      = 5 * pt  // between legend and data area
)

// legendWrapWidth is the row width at which legend entries wrap: the
// figure width less room for the vertical axis.
const legendWrapWidth = Width - 2*vg.Centimeter

// topLegend is a plot.Plotter that draws the legend between the title and
// the data area: one centred row, or a table when the entries do not fit. It reserves its room through GlyphBoxes, so
// the data area shrinks instead of the legend covering data.
type topLegend struct {
	style   text.Style
	entries []legendEntry
	wrap    vg.Length // the row width at which entries wrap; 0: legendWrapWidth
}

type legendEntry struct {
	label  string
	thumbs []plot.Thumbnailer
}

func newTopLegend(p *plot.Plot) *topLegend {
	return &topLegend{style: legendText(p)}
}

func (l *topLegend) add(label string, thumbs ...plot.Thumbnailer) {
	l.entries = append(l.entries, legendEntry{label: label, thumbs: thumbs})
}

func (l *topLegend) entryWidth(e legendEntry) vg.Length {
	return legendThumbW + legendThumbGap + l.style.Width(e.label)
}

func (l *topLegend) rowHeight() vg.Length {
	h := l.style.FontExtents().Height
	if h < legendThumbH {
		h = legendThumbH
	}
	return h
}

// layout arranges the entries in rows. If they all fit on one row no wider
// than legendWrapWidth, that row is returned with each entry at its natural
// width; otherwise the entries fill a table row by row whose columns are as
// wide as the widest entry. colW is zero for a single natural-width row.
func (l *topLegend) layout() (rows [][]legendEntry, colW vg.Length) {
	if len(l.entries) == 0 {
		return nil, 0
	}
	var total vg.Length
	for i, e := range l.entries {
		w := l.entryWidth(e)
		colW = max(colW, w)
		if i > 0 {
			total += legendEntryGap
		}
		total += w
	}
	wrap := l.wrap
	if wrap <= 0 {
		wrap = legendWrapWidth
	}
	if total <= wrap {
		return [][]legendEntry{l.entries}, 0
	}
	cols := max(1, int((wrap+legendEntryGap)/(colW+legendEntryGap)))
	for i := 0; i < len(l.entries); i += cols {
		rows = append(rows, l.entries[i:min(i+cols, len(l.entries))])
	}
	return rows, colW
}

func (l *topLegend) height() vg.Length {
	rows, _ := l.layout()
	n := vg.Length(len(rows))
	if n == 0 {
		return 0
	}
	return n*l.rowHeight() + (n-1)*legendRowGap + legendPad
}

// GlyphBoxes reserves room above the data area for the legend.
func (l *topLegend) GlyphBoxes(*plot.Plot) []plot.GlyphBox {
	if len(l.entries) == 0 {
		return nil
	}
	return []plot.GlyphBox{{
		X: 0.5, Y: 1,
		Rectangle: vg.Rectangle{Max: vg.Point{Y: l.height()}},
	}}
}

// Plot draws the legend above c, the data area, centred on it.
func (l *topLegend) Plot(c draw.Canvas, _ *plot.Plot) {
	rows, colW := l.layout()
	width := func(e legendEntry) vg.Length {
		if colW > 0 {
			return colW
		}
		return l.entryWidth(e)
	}
	// All rows share the left edge of the widest row.
	var blockW vg.Length
	for _, row := range rows {
		var w vg.Length
		for i, e := range row {
			if i > 0 {
				w += legendEntryGap
			}
			w += width(e)
		}
		blockW = max(blockW, w)
	}
	left := c.Center().X - blockW/2
	if left < c.Min.X && blockW <= c.Max.X-c.Min.X {
		left = c.Min.X
	}

	rowH := l.rowHeight()
	top := c.Max.Y + l.height()
	for r, row := range rows {
		x := left
		y := top - vg.Length(r)*(rowH+legendRowGap) - rowH/2
		for _, e := range row {
			icon := draw.Canvas{
				Canvas: c.Canvas,
				Rectangle: vg.Rectangle{
					Min: vg.Point{X: x, Y: y - legendThumbH/2},
					Max: vg.Point{X: x + legendThumbW, Y: y + legendThumbH/2},
				},
			}
			for _, t := range e.thumbs {
				t.Thumbnail(&icon)
			}
			c.FillText(l.style, vg.Point{X: x + legendThumbW + legendThumbGap, Y: y}, e.label)
			x += width(e) + legendEntryGap
		}
	}
}
