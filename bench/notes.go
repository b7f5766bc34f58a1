package main

// whereTimeGoes is BENCHMARKS.md's paragraph per goal of issue 16: where the
// time of each measured path went in a profile of a run (`go run ./bench
// -cpuprofile FILE`, and ClickHouse's query_log for the server's side), so
// that the next step is visible. It is written by hand from the run it
// describes and kept here, in the generator, so each run's report carries it;
// update it with the figures when the code changes what it says.
const whereTimeGoes = `## Where the time goes now

TODO

`
