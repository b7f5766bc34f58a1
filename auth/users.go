package auth

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"regexp"
	"time"

	"golang.org/x/crypto/bcrypt"
)

// User is a person who logs in to the web pages.
type User struct {
	Name     string
	Role     Role
	Commune  string // a reporter's commune
	Disabled bool
	Created  time.Time
	Updated  time.Time
	hash     string
}

// ErrUserExists is returned when creating a user whose name is taken.
var ErrUserExists = errors.New("auth: user already exists")

// ErrNoUser is returned for a user name that does not exist.
var ErrNoUser = errors.New("auth: no such user")

// InputError is a user, token or password that fails validation.
type InputError struct{ Reason string }

// Error says what is wrong.
func (e *InputError) Error() string { return "auth: " + e.Reason }

var nameRe = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{1,31}$`)

// MinPassword is the shortest password a person may set.
const MinPassword = 10

// NewPassword makes a random password of 16 unambiguous letters and digits.
func NewPassword() string {
	const alphabet = "abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

const userCols = "name, role, commune, password_hash, disabled, created_at, updated_at"

// User reads one user (found false when it does not exist).
func (a *Auth) User(ctx context.Context, name string) (User, bool, error) {
	rows, err := a.users(ctx, "WHERE name = ?", name)
	if err != nil || len(rows) == 0 {
		return User{}, false, err
	}
	return rows[0], true, nil
}

// Users lists every user by name.
func (a *Auth) Users(ctx context.Context) ([]User, error) { return a.users(ctx, "") }

func (a *Auth) users(ctx context.Context, where string, args ...any) ([]User, error) {
	rows, err := a.db.Query(ctx, "SELECT "+userCols+" FROM users FINAL "+where+" ORDER BY name", args...)
	if err != nil {
		return nil, fmt.Errorf("auth: users: %w", err)
	}
	defer rows.Close()
	var out []User
	for rows.Next() {
		var u User
		var role string
		var disabled uint8
		if err := rows.Scan(&u.Name, &role, &u.Commune, &u.hash, &disabled, &u.Created, &u.Updated); err != nil {
			return nil, fmt.Errorf("auth: users: %w", err)
		}
		u.Role, u.Disabled = Role(role), disabled == 1
		out = append(out, u)
	}
	return out, rows.Err()
}

func (a *Auth) saveUser(ctx context.Context, u User, by string) error {
	b, err := a.db.PrepareBatch(ctx, "INSERT INTO users (name, role, commune, password_hash, disabled, created_at, updated_at, updated_by, rev)")
	if err != nil {
		return fmt.Errorf("auth: save user: %w", err)
	}
	defer b.Close()
	now := a.now()
	var disabled uint8
	if u.Disabled {
		disabled = 1
	}
	if err := b.Append(u.Name, string(u.Role), u.Commune, u.hash, disabled, u.Created, now, by, uint64(now.UnixNano())); err != nil {
		return fmt.Errorf("auth: save user: %w", err)
	}
	if err := b.Send(); err != nil {
		return fmt.Errorf("auth: save user: %w", err)
	}
	return nil
}

func (a *Auth) hashPassword(password string) (string, error) {
	h, err := bcrypt.GenerateFromPassword([]byte(password), a.opt.BcryptCost)
	if err != nil {
		return "", fmt.Errorf("auth: hash password: %w", err)
	}
	return string(h), nil
}

// CreateUser adds a user; by names who did it (for the record).
func (a *Auth) CreateUser(ctx context.Context, name string, role Role, commune, password, by string) (User, error) {
	if !nameRe.MatchString(name) {
		return User{}, &InputError{fmt.Sprintf("user name %q: 2-32 lowercase letters, digits, . _ -", name)}
	}
	if _, err := ParseRole(string(role)); err != nil {
		return User{}, err
	}
	if err := checkScope(role, commune); err != nil {
		return User{}, err
	}
	if len([]rune(password)) < MinPassword {
		return User{}, &InputError{fmt.Sprintf("password shorter than %d characters", MinPassword)}
	}
	if _, found, err := a.User(ctx, name); err != nil {
		return User{}, err
	} else if found {
		return User{}, ErrUserExists
	}
	h, err := a.hashPassword(password)
	if err != nil {
		return User{}, err
	}
	u := User{Name: name, Role: role, Commune: commune, Created: a.now(), hash: h}
	if err := a.saveUser(ctx, u, by); err != nil {
		return User{}, err
	}
	u.Updated = u.Created
	return u, nil
}

// EnsureUser creates a user with a random password when it does not exist
// yet, and returns that password (created false: the user was there).
func (a *Auth) EnsureUser(ctx context.Context, name string, role Role, commune string) (password string, created bool, err error) {
	if _, found, err := a.User(ctx, name); err != nil || found {
		return "", false, err
	}
	password = NewPassword()
	if _, err := a.CreateUser(ctx, name, role, commune, password, "bdg"); err != nil {
		return "", false, err
	}
	return password, true, nil
}

// SetPassword replaces a user's password.
func (a *Auth) SetPassword(ctx context.Context, name, password, by string) error {
	if len([]rune(password)) < MinPassword {
		return &InputError{fmt.Sprintf("password shorter than %d characters", MinPassword)}
	}
	u, found, err := a.User(ctx, name)
	if err != nil {
		return err
	}
	if !found {
		return ErrNoUser
	}
	if u.hash, err = a.hashPassword(password); err != nil {
		return err
	}
	if err := a.saveUser(ctx, u, by); err != nil {
		return err
	}
	a.sessions.dropUser(name) // other sessions re-read the user
	return nil
}

// SetDisabled disables (or enables) a user; a disabled user's sessions stop
// working at once in this process, within CacheTTL in others.
func (a *Auth) SetDisabled(ctx context.Context, name string, disabled bool, by string) error {
	u, found, err := a.User(ctx, name)
	if err != nil {
		return err
	}
	if !found {
		return ErrNoUser
	}
	u.Disabled = disabled
	if err := a.saveUser(ctx, u, by); err != nil {
		return err
	}
	a.sessions.dropUser(name)
	return nil
}

// dummyHash keeps a login for an unknown user as slow as for a known one.
const dummyHash = "$2a$10$7EqJtq98hPqEX7fNZaFWoOa7ZBvhKXbnqt4H1Fnp1V5yYZW6kLxNS"

// CheckPassword verifies a login; ok is false for an unknown or disabled
// user or a wrong password alike.
func (a *Auth) CheckPassword(ctx context.Context, name, password string) (User, bool, error) {
	u, found, err := a.User(ctx, name)
	if err != nil {
		return User{}, false, err
	}
	h := dummyHash
	if found {
		h = u.hash
	}
	match := bcrypt.CompareHashAndPassword([]byte(h), []byte(password)) == nil
	if !found || !match || u.Disabled {
		return User{}, false, nil
	}
	return u, true, nil
}
