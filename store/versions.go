package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/bdg-district/bdg/period"
)

// Claim asks for a version number of a commune's period for one report id.
type Claim struct {
	Era     period.Era
	Commune string
	Period  period.Period
	ID      string
}

type claimKey struct {
	era     period.Era
	commune string
	period  string
}

// claimRounds bounds how often a batch retries numbers taken by another
// writer at the same moment. Writers that met wait a random time, up to
// twice as long each round (full jitter), so they stop meeting.
const (
	claimRounds  = 32
	claimBackoff = 8 * time.Millisecond
	claimMaxWait = 300 * time.Millisecond
)

// ClaimVersions gives every claim a version number that no other process or
// server can also hold: the next free number of its commune and period,
// claims of one key in the order given. A claim owns a number when it is
// the only claim there after its insert; two writers that meet both move on
// to the next number. (On one server, and on a cluster with
// insert_distributed_sync, an insert is seen by every read that starts
// after it returns, so of two writers at least the later one sees the
// other.) An id that already owns a number keeps it: a spooled submission
// replayed after a crash completes its version instead of making another.
func (s *Store) ClaimVersions(ctx context.Context, claims []Claim) (map[string]uint32, error) {
	out := make(map[string]uint32, len(claims))
	if len(claims) == 0 {
		return out, nil
	}
	keys := map[claimKey]bool{}
	for _, c := range claims {
		keys[claimKey{c.Era, c.Commune, c.Period.String()}] = true
	}
	holders, err := s.claimHolders(ctx, keys)
	if err != nil {
		return nil, err
	}
	pending := make([]Claim, 0, len(claims))
	owned := ownedNumbers(holders)
	for _, c := range claims {
		if v, ok := owned[c.ID]; ok {
			out[c.ID] = v
		} else {
			pending = append(pending, c)
		}
	}
	for round := 0; len(pending) > 0; round++ {
		if round == claimRounds {
			return nil, fmt.Errorf("store: claim versions: %d numbers still contended after %d rounds", len(pending), round)
		}
		if round > 0 {
			wait := time.Duration(rand.Int64N(int64(min(claimBackoff<<round, claimMaxWait))))
			select {
			case <-ctx.Done():
				return nil, ctx.Err()
			case <-time.After(wait):
			}
			// Others went on claiming while this one waited: start from
			// what is claimed now, not from before the wait.
			if holders, err = s.claimHolders(ctx, keys); err != nil {
				return nil, err
			}
		}
		last := map[claimKey]uint32{}
		for at := range holders {
			last[at.key] = max(last[at.key], at.version)
		}
		want := make(map[string]uint32, len(pending))
		for _, c := range pending {
			k := claimKey{c.Era, c.Commune, c.Period.String()}
			last[k]++
			want[c.ID] = last[k]
		}
		if err := s.insertClaims(ctx, pending, want); err != nil {
			return nil, err
		}
		after, err := s.claimHolders(ctx, keys)
		if err != nil {
			return nil, err
		}
		var lost []Claim
		for _, c := range pending {
			k := claimKey{c.Era, c.Commune, c.Period.String()}
			ids := after[versionAt{k, want[c.ID]}]
			if len(ids) == 1 && ids[0] == c.ID {
				out[c.ID] = want[c.ID]
			} else {
				lost = append(lost, c)
			}
		}
		pending = lost
	}
	return out, nil
}

// ownedNumbers lists the ids that alone hold a number.
func ownedNumbers(holders map[versionAt][]string) map[string]uint32 {
	out := map[string]uint32{}
	for at, ids := range holders {
		if len(ids) == 1 {
			out[ids[0]] = at.version
		}
	}
	return out
}

type versionAt struct {
	key     claimKey
	version uint32
}

// claimHolders reads which report ids claim each number of the keys.
func (s *Store) claimHolders(ctx context.Context, keys map[claimKey]bool) (map[versionAt][]string, error) {
	communes, periods := claimSets(keys)
	rows, err := s.Conn.Query(ctx, `SELECT era, commune_code, period, version, groupUniqArray(report_id) FROM version_claims
		WHERE commune_code IN ? AND period IN ? GROUP BY era, commune_code, period, version`, InSet(communes), InSet(periods))
	if err != nil {
		return nil, fmt.Errorf("store: claims: %w", err)
	}
	defer rows.Close()
	out := map[versionAt][]string{}
	for rows.Next() {
		var era, commune, per string
		var v uint32
		var ids []string
		if err := rows.Scan(&era, &commune, &per, &v, &ids); err != nil {
			return nil, fmt.Errorf("store: claims: %w", err)
		}
		out[versionAt{claimKey{period.Era(era), commune, per}, v}] = ids
	}
	return out, rows.Err()
}

func claimSets(keys map[claimKey]bool) (communes, periods []string) {
	seenC, seenP := map[string]bool{}, map[string]bool{}
	for k := range keys {
		if !seenC[k.commune] {
			seenC[k.commune] = true
			communes = append(communes, k.commune)
		}
		if !seenP[k.period] {
			seenP[k.period] = true
			periods = append(periods, k.period)
		}
	}
	return communes, periods
}

func (s *Store) insertClaims(ctx context.Context, claims []Claim, want map[string]uint32) error {
	b, err := s.Conn.PrepareBatch(ctx, "INSERT INTO version_claims (era, commune_code, period, version, report_id, claimed_at)")
	if err != nil {
		return fmt.Errorf("store: claims: %w", err)
	}
	defer b.Abort()
	now := time.Now()
	for _, c := range claims {
		if err := b.Append(string(c.Era), c.Commune, c.Period.String(), want[c.ID], c.ID, now); err != nil {
			return fmt.Errorf("store: claims: %w", err)
		}
	}
	if err := b.Send(); err != nil {
		return fmt.Errorf("store: claims: %w", err)
	}
	return nil
}

// backfillVersionClaims claims the numbers of every version stored before
// claims existed (migration step 10). A version claimed twice is the same
// claim twice: readers group by id.
func backfillVersionClaims(ctx context.Context, s *Store) error {
	return s.Conn.Exec(ctx, `INSERT INTO version_claims (era, commune_code, period, version, report_id, claimed_at)
		SELECT era, commune_code, period, version, id, submitted_at FROM reports FINAL`)
}
