package store

import "github.com/ClickHouse/clickhouse-go/v2"

// InSet binds a list for "x IN ?" as ('a', 'b'); the list must not be empty.
// Use it rather than has(?, x): ClickHouse builds a hash set for IN and can
// use the primary key, where has() scans the whole array for every row
// (800 ms instead of 10 ms for the area's 13,000 communes at national scale).
func InSet(xs []string) clickhouse.GroupSet {
	v := make([]any, len(xs))
	for i, x := range xs {
		v[i] = x
	}
	return clickhouse.GroupSet{Value: v}
}
