package auth

import (
	"testing"

	"golang.org/x/crypto/bcrypt"
)

// A login for an unknown name is checked against a hash of the cost real
// passwords have, whatever the cost: a fixed hash of another cost would
// tell an attacker which names exist by how fast they are refused.
func TestUnknownUserCostsAsMuchAsAKnownOne(t *testing.T) {
	for _, cost := range []int{bcrypt.MinCost, bcrypt.MinCost + 2} {
		a := New(nil, nil, Options{BcryptCost: cost})
		if got, err := bcrypt.Cost(a.dummyHash); err != nil || got != cost {
			t.Errorf("cost %d: the unknown-user hash has cost %d (%v)", cost, got, err)
		}
		if a.verify(User{}, false, "") || a.verify(User{}, false, "password") {
			t.Errorf("cost %d: an unknown user passed", cost)
		}
	}
}
