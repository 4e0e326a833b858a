// Package agents holds the contributors of the reference model and what they
// do: their state as struct-of-arrays (Population), the work phase (decide,
// choose a module, complete tasks) and the update phase (learning,
// reputation, crowding out, engagement, exit). Functions work on a fixed
// range of contributors with a random stream given by the caller, so the
// engine can run ranges in parallel without changing the result.
// The package does no I/O and keeps no global state.
package agents
