package store

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
)

// Cluster mode. Every table T becomes a local table T_local on each node
// plus a Distributed table T over them, so the SQL of the rest of bdg reads
// and writes T unchanged. Each table is sharded by a hash of its sorting
// key's leading column, so all versions of one key meet on one shard and
// ReplacingMergeTree/FINAL/argMax stay correct shard by shard. reports and
// indicator_values share the key cityHash64(commune_code): their IN
// subqueries can run shard-locally (CoShardedIn).

// LocalSuffix names a node's local table behind a Distributed one.
const LocalSuffix = "_local"

// CoShardedIn ends a SELECT whose IN subquery joins reports and
// indicator_values: on a cluster each shard answers the subquery from its own
// local table, which is complete for its communes because both tables are
// sharded by commune. On one server the setting changes nothing. (18.16's
// native protocol cannot carry string settings from the driver, hence the
// SETTINGS clause.)
const CoShardedIn = "\nSETTINGS distributed_product_mode = 'local'"

// Clustered reports whether the store runs on a named cluster.
func (s *Store) Clustered() bool { return s.cfg.Cluster != "" }

// ddlTarget is where DDL goes: once ON CLUSTER when the servers run
// distributed DDL (ClickHouse Keeper or ZooKeeper configured), else on each
// node of the cluster in turn, as 18.16 without ZooKeeper requires.
type ddlTarget struct {
	onCluster bool
	nodes     []driver.Conn
}

func (d *ddlTarget) close() {
	if d == nil {
		return
	}
	for _, c := range d.nodes {
		c.Close()
	}
}

// exec runs one DDL statement where it belongs; "already exists" from a
// concurrent migration is not an error.
func (d *ddlTarget) exec(ctx context.Context, main driver.Conn, stmt string) error {
	if d == nil || d.onCluster {
		if err := main.Exec(ctx, stmt); err != nil && !isAlreadyExists(err) {
			return err
		}
		return nil
	}
	for _, c := range d.nodes {
		if err := c.Exec(ctx, stmt); err != nil && !isAlreadyExists(err) {
			return err
		}
	}
	return nil
}

// clusterNodes lists host:port of every replica of cfg.Cluster as the server
// at conn knows them (remote_servers).
func clusterNodes(ctx context.Context, conn driver.Conn, cluster string) ([]string, error) {
	rows, err := conn.Query(ctx, "SELECT host_name, port FROM system.clusters WHERE cluster = ? ORDER BY shard_num, replica_num", cluster)
	if err != nil {
		return nil, fmt.Errorf("store: cluster %s: %w", cluster, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var host string
		var port uint16
		if err := rows.Scan(&host, &port); err != nil {
			return nil, fmt.Errorf("store: cluster %s: %w", cluster, err)
		}
		out = append(out, net.JoinHostPort(host, strconv.Itoa(int(port))))
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("store: cluster %q is not in the server's remote_servers", cluster)
	}
	return out, nil
}

// prepareCluster creates the database on every node and decides how DDL
// reaches the nodes. boot is a connection to the default database.
func prepareCluster(ctx context.Context, cfg Config, boot driver.Conn, wait time.Duration) (*ddlTarget, error) {
	err := boot.Exec(ctx, "CREATE DATABASE IF NOT EXISTS "+cfg.Database+" ON CLUSTER "+cfg.Cluster)
	if err == nil || isAlreadyExists(err) {
		return &ddlTarget{onCluster: true}, nil
	}
	if !noDistributedDDL(err) {
		return nil, fmt.Errorf("store: create database on cluster %s: %w", cfg.Cluster, err)
	}
	addrs, err := clusterNodes(ctx, boot, cfg.Cluster)
	if err != nil {
		return nil, err
	}
	t := &ddlTarget{}
	for _, a := range addrs {
		node := cfg
		node.Addr = []string{a}
		c, err := connect(ctx, node, "default", wait, nil)
		if err != nil {
			t.close()
			return nil, fmt.Errorf("store: cluster node %s: %w", a, err)
		}
		err = c.Exec(ctx, "CREATE DATABASE IF NOT EXISTS "+cfg.Database)
		c.Close()
		if err != nil && !isAlreadyExists(err) {
			t.close()
			return nil, fmt.Errorf("store: create database on %s: %w", a, err)
		}
		if c, err = connect(ctx, node, cfg.Database, wait, nil); err != nil {
			t.close()
			return nil, fmt.Errorf("store: cluster node %s: %w", a, err)
		}
		t.nodes = append(t.nodes, c)
	}
	return t, nil
}

// noDistributedDDL is true when the server cannot run ON CLUSTER queries
// because no ZooKeeper/Keeper is configured: 18.16 says "DDL background
// thread is not initialized" (code 49), current servers name the missing
// distributed_ddl section (code 139).
func noDistributedDDL(err error) bool {
	var ex *clickhouse.Exception
	if !errors.As(err, &ex) {
		return false
	}
	return (ex.Code == 49 && strings.Contains(ex.Message, "DDL background thread")) ||
		ex.Code == 139 || strings.Contains(strings.ToLower(ex.Message), "distributed_ddl")
}

// ddlVars fills the cluster-specific parts of the migrations' DDL.
type ddlVars struct {
	cluster, database string
	onCluster         bool
	replicated        bool
}

// Table is the name a CREATE TABLE statement creates: T on one server,
// T_local (ON CLUSTER when distributed DDL works) on a cluster.
func (v ddlVars) Table(name string) string {
	if v.cluster == "" {
		return name
	}
	if v.onCluster {
		return name + LocalSuffix + " ON CLUSTER " + v.cluster
	}
	return name + LocalSuffix
}

// Local is the name of a node's own table: T on one server, T_local on a
// cluster (a materialized view reads and writes the node's own rows).
func (v ddlVars) Local(name string) string {
	if v.cluster == "" {
		return name
	}
	return name + LocalSuffix
}

// Replacing is the engine of a ReplacingMergeTree keyed on ver, replicated
// through Keeper when the config asks for replicas.
func (v ddlVars) Replacing(table, ver string) string {
	if v.replicated {
		return fmt.Sprintf("ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/%s/%s%s', '{replica}', %s)",
			v.database, table, LocalSuffix, ver)
	}
	return "ReplacingMergeTree(" + ver + ")"
}

// MergeTree is the engine of an append-only table.
func (v ddlVars) MergeTree(table string) string {
	if v.replicated {
		return fmt.Sprintf("ReplicatedMergeTree('/clickhouse/tables/{shard}/%s/%s%s', '{replica}')", v.database, table, LocalSuffix)
	}
	return "MergeTree"
}

// Distributed is the statement creating the Distributed table T over the
// nodes' T_local, sharded by key; nothing on one server.
func (v ddlVars) Distributed(table, key string) string {
	if v.cluster == "" {
		return ""
	}
	on := ""
	if v.onCluster {
		on = " ON CLUSTER " + v.cluster
	}
	return fmt.Sprintf("CREATE TABLE IF NOT EXISTS %s%s AS %s.%s%s ENGINE = Distributed(%s, %s, %s%s, %s)",
		table, on, v.database, table, LocalSuffix, v.cluster, v.database, table, LocalSuffix, key)
}

// Alter is an ALTER TABLE statement for T: on one server for T, on a
// cluster for the nodes' T_local and for the Distributed T (whose columns
// must follow). 18.16 has no ADD COLUMN IF NOT EXISTS: a rerun's "already
// exists" is tolerated by ddlTarget.exec.
func (v ddlVars) Alter(table, change string) string {
	if v.cluster == "" {
		return "ALTER TABLE " + table + " " + change
	}
	on := ""
	if v.onCluster {
		on = " ON CLUSTER " + v.cluster
	}
	return "ALTER TABLE " + table + LocalSuffix + on + " " + change + ";\n" +
		"ALTER TABLE " + table + on + " " + change
}

// Drop is the statement removing table T if it exists: on a cluster the
// nodes' T_local and the Distributed T (a materialized view made with Table
// has only the T_local).
func (v ddlVars) Drop(table string) string {
	if v.cluster == "" {
		return "DROP TABLE IF EXISTS " + table
	}
	on := ""
	if v.onCluster {
		on = " ON CLUSTER " + v.cluster
	}
	return "DROP TABLE IF EXISTS " + table + LocalSuffix + on + ";\n" +
		"DROP TABLE IF EXISTS " + table + on
}
