package analysis

import (
	"math"
	"slices"
)

// The thresholds of the degree-of-authorship model of Avelino et al. (2016),
// "A novel approach for estimating truck factors", Proc. ICPC 2016, §II-A,
// as their tool applies them (aserg-ufmg/Truck-Factor, AuthorshipInfo.isDOAAuthor).
const (
	// DOABase is the intercept of the DOA model, and the least DOA a
	// developer other than a file's first author needs to count as an
	// author.
	DOABase = 3.293
	// AuthorShare is the least normalised DOA (DOA over the file's highest
	// DOA) of an author; an author's must be strictly greater.
	AuthorShare = 0.75
	// TruckCoverage is the share of files (here: modules) that must keep an
	// author: the truck factor is the number of top authors removed before
	// the covered share falls below it.
	TruckCoverage = 0.5
)

// DegreeOfAuthorship returns the degree of authorship of a developer on a
// file,
//
//	DOA = 3.293 + 1.098 FA + 0.164 DL − 0.321 ln(1 + AC),
//
// where FA is 1 if the developer created the file (its first author), DL the
// developer's deliveries (changes) to it and AC the deliveries by everyone
// else (Avelino et al. 2016, eq. 1; the coefficients are those of Fritz et
// al. 2014, "Degree-of-knowledge: modeling a developer's knowledge of code",
// ACM TOSEM 23(2), fitted on developers' own ratings). Creating a file
// weighs as much as about 6.7 later changes; each change by someone else
// erodes authorship logarithmically.
func DegreeOfAuthorship(first bool, own, others int) float64 {
	fa := 0.0
	if first {
		fa = 1
	}
	return DOABase + 1.098*fa + 0.164*float64(own) - 0.321*math.Log1p(float64(others))
}

// Delivery is one developer's (contributor's) accepted deliveries to one
// module: the authorship data of one (author, module) pair.
type Delivery struct {
	Author int  // developer id (any non-negative integer; ties break on it)
	Module int  // module index in [0, number of modules)
	Count  int  // the developer's deliveries to the module (DL)
	First  bool // the developer made the module's first delivery (FA)
}

// Authors returns the authors of each of len(totals) modules, by the rule of
// Avelino et al. (2016): a developer is an author of a module when its
// degree of authorship, divided by the highest degree of authorship among
// the module's developers in d, is above AuthorShare, and its degree of
// authorship is at least DOABase or it is the module's first author.
// totals[m] is the number of deliveries to module m by everyone, including
// developers left out of d (those who left a project still made changes
// that others' authorship is measured against): a developer's AC is
// totals[m] minus its own count. Each module's authors are in ascending
// order of id. Deliveries with Count <= 0 are ignored.
func Authors(d []Delivery, totals []int) [][]int {
	best := make([]float64, len(totals))
	for i := range best {
		best[i] = math.Inf(-1)
	}
	doa := make([]float64, len(d))
	for k, x := range d {
		if x.Count <= 0 {
			continue
		}
		doa[k] = DegreeOfAuthorship(x.First, x.Count, totals[x.Module]-x.Count)
		best[x.Module] = max(best[x.Module], doa[k])
	}
	authors := make([][]int, len(totals))
	for k, x := range d {
		if x.Count <= 0 {
			continue
		}
		if doa[k]/best[x.Module] > AuthorShare && (doa[k] >= DOABase || x.First) {
			authors[x.Module] = append(authors[x.Module], x.Author)
		}
	}
	for _, a := range authors {
		slices.Sort(a)
	}
	return authors
}

// TruckFactor returns the truck factor of a project whose modules have the
// given authors, by the greedy heuristic of Avelino et al. (2016, §II-B):
// while at least TruckCoverage of the modules have an author, remove the
// author of the most modules; the truck factor is the number removed. So
// one author of every module gives 1, and k authors of equal, disjoint
// shares give floor(k/2) + 1 (coverage must fall strictly below one half).
// A project where fewer than half of the modules have an author to begin
// with has truck factor 0. The author of the most modules is counted by all
// the modules it authors, as in the authors' tool (GreedyTruckFactor.removeBig),
// not by those it alone still covers; ties go to the lower id (the tool's
// choice depends on hash-map order). An id may appear at most once per
// module. TruckFactor returns 0 for no modules.
func TruckFactor(authors [][]int) int {
	n := len(authors)
	if n == 0 {
		return 0
	}
	owned := map[int]int{} // modules authored, per author
	cover := make([]int, n)
	covered := 0
	for m, a := range authors {
		for _, id := range a {
			owned[id]++
		}
		cover[m] = len(a)
		if len(a) > 0 {
			covered++
		}
	}
	order := make([]int, 0, len(owned))
	for id := range owned {
		order = append(order, id)
	}
	// The removal order is fixed in advance: removing an author does not
	// change how many modules the others author.
	slices.SortFunc(order, func(a, b int) int {
		if owned[a] != owned[b] {
			return owned[b] - owned[a]
		}
		return a - b
	})
	modules := make(map[int][]int, len(owned))
	for m, a := range authors {
		for _, id := range a {
			modules[id] = append(modules[id], m)
		}
	}
	tf := 0
	for _, id := range order {
		if float64(covered) < TruckCoverage*float64(n) {
			break
		}
		for _, m := range modules[id] {
			cover[m]--
			if cover[m] == 0 {
				covered--
			}
		}
		tf++
	}
	return tf
}
