// Package agents holds the state of the contributors of the reference model
// (docs/MODEL.md §1.2): Population, one slice per state variable indexed
// by contributor id (struct-of-arrays), with their tie lists (mechanism 10).
//
// What contributors do, the mechanisms of docs/MODEL.md §3.3, is in package
// sim, one file per mechanism; this package only stores, adds, removes and
// resets contributors and keeps their tie lists. It does no I/O, draws no
// random numbers and keeps no global state.
//
// To add a state variable, declare its slice in Population and list it in
// Population.columns (and give it its initial value in Add if that is not
// zero): growing, adding and the memory estimate all go through that list.
package agents
