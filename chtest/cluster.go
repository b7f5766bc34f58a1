package chtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bdg-district/bdg/deploy"
	"github.com/bdg-district/bdg/store"
)

// ClusterName is the cluster StartCluster defines on every node.
const ClusterName = "bdg_test"

// StartCluster starts n local ClickHouse servers on loopback that name each
// other as n shards of ClusterName (one replica each, no Keeper: 18.16 cannot
// run distributed DDL without it, so the store creates tables node by node).
// The nodes share one random password for `default`, which remote_servers
// names so that distributed queries can sign in on the other shards.
// The servers stop when the test ends. It returns a config for a fresh
// database on the cluster; Addr lists every node, first node first.
func StartCluster(t testing.TB, n int) store.Config {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	password := deploy.Secret(hex.EncodeToString(b))
	ports := make([]int, n)
	var shards strings.Builder
	for i := range ports {
		p, err := deploy.FreePort()
		if err != nil {
			t.Fatalf("chtest: %v", err)
		}
		ports[i] = p
		fmt.Fprintf(&shards, "<shard><replica><host>127.0.0.1</host><port>%d</port><user>default</user><password>%s</password></replica></shard>",
			p, password.Reveal())
	}
	remote := "<" + ClusterName + ">" + shards.String() + "</" + ClusterName + ">"
	root := t.TempDir()
	addrs := make([]string, n)
	for i, p := range ports {
		l, err := deploy.Start(ctx, filepath.Join(root, fmt.Sprintf("node%d", i+1)), deploy.Options{TCPPort: p, Password: password, RemoteServers: remote})
		if err != nil {
			t.Fatalf("chtest: start shard %d: %v", i+1, err)
		}
		t.Cleanup(func() {
			if err := l.Stop(); err != nil {
				t.Logf("chtest: stop shard: %v", err)
			}
		})
		addrs[i] = l.Addr()
	}
	return store.Config{Addr: addrs, Password: password.Reveal(), Database: "t_cluster", Cluster: ClusterName}
}
