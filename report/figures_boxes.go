package report

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"commonsim/plots"
)

// boxFigures draws a box plot of each chosen summary metric: one box per
// group with a value, one dot per run; the groups left out are noted.
//
// Boxes need replications: with one run per group (a sampled design) or
// more than maxBoxGroups groups, no box is drawn and the report says what
// shows the runs instead. A metric with one value in all the runs of each
// group is an input the scenarios set (returned_share, 1 in commons and 0
// in extractive): it is not drawn either.
func (rs *resultSet) boxFigures(dir string, fl *figureList, f frame) error {
	most := 0
	for _, g := range rs.groups {
		most = max(most, g.ok)
	}
	switch {
	case rs.anySampled():
		fl.note("No box plots: the points of a sampled design are draws of the factors, not groups to set side by side (the scatter and sensitivity figures show them).")
		return nil
	case most < 2:
		fl.note("No box plots: every group has one run, and a box of one run shows nothing a point does not (the scatter and sensitivity figures show the runs).")
		return nil
	case len(rs.groups) > maxBoxGroups:
		fl.note("No box plots: %d groups are too many for boxes side by side; summary.csv has each group's statistics.", len(rs.groups))
		return nil
	}
	for _, m := range rs.choice.boxes {
		if vals, ok := rs.setByParameters(m.col); ok && setBy[m.Name] != "" {
			fl.note("boxes_%s was not drawn: %s is %s in every run of each group, as the scenarios' %s sets it: an input, not an outcome.", m.Name, m.Name, joinAnd(vals), setBy[m.Name])
			continue
		}
		mi, name := m.col, m.Name
		title, axis := names(m.Metric)
		var kept []*group
		var left []string
		for _, g := range rs.groups {
			if g.ok > 0 && len(g.values(mi)) > 0 {
				kept = append(kept, g)
				continue
			}
			_, inf, _ := g.count(mi)
			why := "no value"
			switch {
			case g.ok == 0:
				why = "no successful run"
			case inf > 0 && m.infinite != "":
				why = m.infinite
			}
			left = append(left, g.name+": "+why)
		}
		if len(kept) == 0 {
			fl.note("boxes_%s was not drawn: no group has a finite value.", name)
			continue
		}
		labels, key := rs.boxLabels(kept)
		var groups []plots.Group
		for i, g := range kept {
			// Keep the group's colour from the other figures (its position
			// among all groups) even when some groups are left out here.
			color := slices.Index(rs.groups, g) + 1
			groups = append(groups, plots.Group{Label: labels[i], Values: g.values(mi), Color: color})
		}
		var xl []string
		if key != "" {
			xl = append(xl, key)
		}
		if len(left) > 0 {
			fl.note("boxes_%s leaves out %s.", name, strings.Join(left, "; "))
			// Only a short list fits under the axis; report.md has them all.
			if lines := wrap("not shown: "+strings.Join(left, "; "), maxLabelChars); len(lines) <= 2 {
				xl = append(xl, lines...)
			} else {
				why := "without a value"
				if m.infinite != "" {
					why = "without " + m.lacks + " (" + m.infinite + ")"
				}
				xl = append(xl, fmt.Sprintf("not shown: %d of %d groups %s, listed in report.md", len(left), len(rs.groups), why))
			}
		}
		p, err := plots.Boxes(plots.Axes{Title: title + scopeOnly(f.scope), X: strings.Join(xl, "\n"), Y: axis}, groups)
		if err == nil && bounded01(m.Metric) {
			boundedAxis(p)
		}
		if err == nil && len(groups) > 16 {
			p.X.Tick.Label.Rotation = math.Pi / 2
			p.X.Tick.Label.XAlign = -1 // draw.XRight
			p.X.Tick.Label.YAlign = -0.5
		}
		if err := fl.save(dir, "boxes_"+name, title+": one box per group, one dot per run", p, err); err != nil {
			return err
		}
	}
	return nil
}

// boxLabels returns the labels under the boxes of gs and, for sweep
// points, a line saying what each line of a label is: the values alone
// keep neighbouring labels apart.
func (rs *resultSet) boxLabels(gs []*group) (labels []string, key string) {
	var keys []string
	for _, g := range gs {
		for _, a := range g.assign {
			if !slices.Contains(keys, a.Key) {
				keys = append(keys, a.Key)
			}
		}
	}
	if len(keys) == 0 {
		for _, g := range gs {
			labels = append(labels, g.scenario)
		}
		return labels, ""
	}
	var what []string
	multi := len(rs.manifest.Scenarios) > 1
	if multi {
		what = append(what, "scenario")
	}
	for _, k := range keys {
		what = append(what, rs.short(k))
	}
	for _, g := range gs {
		var lines []string
		if multi {
			lines = append(lines, g.scenario)
		}
		for _, k := range keys {
			v := "–"
			for _, a := range g.assign {
				if a.Key == k {
					v = shortValue(a.Value)
				}
			}
			lines = append(lines, v)
		}
		labels = append(labels, strings.Join(lines, "\n"))
	}
	switch len(what) {
	case 1:
		return labels, what[0]
	case 2:
		return labels, "under each box: " + what[0] + " (top), " + what[1] + " (bottom)"
	}
	return labels, "under each box, from top to bottom: " + strings.Join(what, ", ")
}

// maxLabelChars is about the most characters an axis label line can hold.
const maxLabelChars = 95

// wrap breaks s into lines of at most width characters at spaces.
func wrap(s string, width int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		if line != "" && len(line)+1+len(w) > width {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

// maxBoxGroups is the most groups drawn as boxes side by side.
const maxBoxGroups = 24

// setByParameters reports whether summary metric mi has one value in all
// the successful runs of each group (an input the parameters set), with
// those values as text.
func (rs *resultSet) setByParameters(mi int) ([]string, bool) {
	var vals []string
	for _, g := range rs.groups {
		v := g.values(mi)
		nan, pos, neg := g.count(mi)
		if len(v) < 2 || nan+pos+neg > 0 {
			return nil, false
		}
		for _, x := range v {
			if !same(x, v[0]) {
				return nil, false
			}
		}
		if s := fmtRef(v[0], v[0]); !slices.Contains(vals, s) {
			vals = append(vals, s)
		}
	}
	return vals, len(vals) > 0
}
