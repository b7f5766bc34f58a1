package main

import (
	"fmt"
	"strings"
	"syscall"
	"time"

	"github.com/bdg-district/bdg/catalogue"
	"github.com/bdg-district/bdg/ingest/extract"
	"github.com/bdg-district/bdg/synth"
	"github.com/bdg-district/bdg/units"
)

// scalingBase is how many synthetic narratives make the 1× text of the
// scaling figures (about 50 KB, a long report); ingest/extract's
// BenchmarkExtractScaling builds the same texts.
const scalingBase = 64

// scalingRounds is how many times each size is timed, the three sizes side
// by side in every round; each time is the mean of scalingRepeats runs.
const scalingRounds, scalingRepeats = 9, 4

// extractFigures times extraction on one core: the narratives' MB/s, and
// one long report at 1×, 2× and 4× its text, which takes 2× and 4× the
// time when extraction is linear.
func extractFigures(add func(name, value, note string), old []units.Unit, parents map[string]units.Unit, cat []catalogue.Indicator, texts []string) {
	var size int
	for _, t := range texts {
		size += len(t)
	}
	t0, c0 := time.Now(), cpuSeconds()
	found := 0
	for _, t := range texts {
		found += len(extract.Extract(t, cat).Indicators)
	}
	exSecs, exCPU := time.Since(t0).Seconds(), cpuSeconds()-c0
	add("extract_mb_per_s", fmt.Sprintf("%.2f", float64(size)/1e6/exSecs), fmt.Sprintf("one goroutine, %d reports, %.1f MB, %d values found; goal ≥ 5", len(texts), float64(size)/1e6, found))
	// Other work on a shared machine stretches wall time; the CPU time the
	// process spent (the garbage collector's included) stretches less.
	add("extract_mb_per_cpu_s", fmt.Sprintf("%.2f", float64(size)/1e6/exCPU), "the same pass over the process's CPU time (user and system), which load on the machine inflates less than wall time")

	narr := synth.Narratives(old, parents, 4*scalingBase)
	sizes := []int{1, 2, 4}
	docs := make([]string, len(sizes))
	for i, k := range sizes {
		docs[i] = strings.Join(narr[:k*scalingBase], "\n")
	}
	secs := make([][]float64, len(sizes))
	var ratios, cpuRatios []float64
	for r := 0; r <= scalingRounds; r++ {
		var round, cpu [3]float64
		for i, doc := range docs {
			t0, c0 := time.Now(), cpuSeconds()
			for k := 0; k < scalingRepeats; k++ {
				extract.Extract(doc, cat)
			}
			round[i] = time.Since(t0).Seconds() / scalingRepeats
			cpu[i] = cpuSeconds() - c0
		}
		if r == 0 {
			continue // warm-up
		}
		for i := range sizes {
			secs[i] = append(secs[i], round[i])
		}
		ratios = append(ratios, round[2]/round[0])
		cpuRatios = append(cpuRatios, cpu[2]/cpu[0])
	}
	for i, k := range sizes {
		add(fmt.Sprintf("extract_scaling_seconds_x%d", k), fmt.Sprintf("%.4f", pct(secs[i], 50)),
			fmt.Sprintf("one report of %d synthetic narratives (%.0f KB), median of %d rounds", k*scalingBase, float64(len(docs[i]))/1e3, scalingRounds))
	}
	add("extract_scaling_ratio_x4_x1", fmt.Sprintf("%.2f", pct(ratios, 50)),
		fmt.Sprintf("time for 4× the text over 1×, median of the rounds' %s; 4 is linear", fmtList(ratios)))
	add("extract_scaling_cpu_ratio_x4_x1", fmt.Sprintf("%.2f", pct(cpuRatios, 50)),
		fmt.Sprintf("the same in the process's CPU time, median of the rounds' %s", fmtList(cpuRatios)))
}

// runExtract prints the extraction figures alone (go run ./bench -extract).
func runExtract(reportsN int) error {
	all, err := units.Load()
	if err != nil {
		return err
	}
	old, parents := synth.PreReform(all)
	add := func(name, value, note string) { fmt.Printf("%s: %s\n", name, value) }
	extractFigures(add, old, parents, catalogue.Default(), synth.Narratives(old, parents, reportsN))
	return nil
}

// cpuSeconds is the CPU time the process has used (user and system).
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}
