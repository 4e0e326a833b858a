package results_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"

	"commonsim/batch"
	"commonsim/results"
)

// A result set's files are read a row at a time with Rows, after Verify has
// checked them against the manifest's checksums. Here: how many runs of
// each scenario ended with contributors still active.
func ExampleOpenRows() {
	tmp, err := os.MkdirTemp("", "example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	dir := filepath.Join(tmp, "rs")
	_, err = batch.Run(context.Background(), batch.Config{
		Scenarios:    []string{"commons", "extractive"},
		Sets:         []string{"run.ticks=10", "population.initial=20"},
		Replications: 3,
		Out:          dir,
	}, "example")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("verify:", results.Verify(dir))

	rows, err := results.OpenRows(dir, results.RunsFile)
	if err != nil {
		log.Fatal(err)
	}
	defer rows.Close()
	col, err := rows.Cols("scenario", "status", "final_active")
	if err != nil {
		log.Fatal(err)
	}
	var order []string
	active := map[string]int{}
	for {
		_, err := rows.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			log.Fatal(err) // names the file and line
		}
		n, err := rows.Float(col[2])
		if err != nil {
			log.Fatal(err)
		}
		sc := rows.Field(col[0])
		if _, seen := active[sc]; !seen {
			order = append(order, sc)
		}
		if rows.Field(col[1]) == "ok" && n > 0 {
			active[sc]++
		}
	}
	for _, sc := range order {
		fmt.Printf("%s: %d of 3 runs end with active contributors\n", sc, active[sc])
	}
	// Output:
	// verify: <nil>
	// commons: 3 of 3 runs end with active contributors
	// extractive: 3 of 3 runs end with active contributors
}
