package deploy

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// PasswordFile is the file in the server's folder that holds the password of
// its user `default`, generated at the first start (mode 0600).
const PasswordFile = "clickhouse.password"

// ClientConfigFile is the file in the server's folder that lets
// `clickhouse-client --config-file DIR/client.xml` reach the server (0600).
const ClientConfigFile = "client.xml"

// Secret is a password. It prints as "[hidden]" with every fmt verb and in
// slog, so that a Local or Options printed in a log, an error or a test
// failure does not give it away; Reveal returns it.
type Secret string

// Reveal returns the password itself, for a driver or a config file.
func (s Secret) Reveal() string { return string(s) }

// String hides the password.
func (s Secret) String() string { return "[hidden]" }

// GoString hides the password from %#v.
func (s Secret) GoString() string { return `"[hidden]"` }

// Format hides the password from every fmt verb.
func (s Secret) Format(f fmt.State, verb rune) { io.WriteString(f, "[hidden]") }

// LogValue hides the password from slog.
func (s Secret) LogValue() slog.Value { return slog.StringValue("[hidden]") }

// passwordRe keeps the password safe to place in XML and in a sed script
// (clickhouse.sh): bdg generates 48 hex digits.
var passwordRe = regexp.MustCompile(`^[A-Za-z0-9_-]{12,128}$`)

func checkPassword(pw Secret) error {
	if !passwordRe.MatchString(pw.Reveal()) {
		return errors.New("deploy: the ClickHouse password must be 12 to 128 letters, digits, '-' or '_'")
	}
	return nil
}

// sha256Hex is the form users.xml keeps (password_sha256_hex): the server
// checks the password without storing it.
func (s Secret) sha256Hex() string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// newPassword is 24 random bytes in hex.
func newPassword() Secret {
	b := make([]byte, 24)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return Secret(hex.EncodeToString(b))
}

// ReadPassword reads the password of the server whose folder is dir.
func ReadPassword(dir string) (Secret, error) {
	b, err := os.ReadFile(filepath.Join(dir, PasswordFile))
	if err != nil {
		return "", fmt.Errorf("deploy: read the ClickHouse password: %w", err)
	}
	pw := Secret(strings.TrimSpace(string(b)))
	if err := checkPassword(pw); err != nil {
		return "", fmt.Errorf("%w (in %s)", err, filepath.Join(dir, PasswordFile))
	}
	return pw, nil
}

// ensurePassword returns the password of dir, creating it at the first
// start, or replaces it with want when want is set. The file is created
// whole or not at all (a hard link of a finished temporary file), so two
// processes starting at once agree on one password.
func ensurePassword(dir string, want Secret) (Secret, error) {
	path := filepath.Join(dir, PasswordFile)
	if want != "" {
		if err := checkPassword(want); err != nil {
			return "", err
		}
		if err := writePrivate(path, []byte(want.Reveal()+"\n")); err != nil {
			return "", err
		}
		return want, nil
	}
	if pw, err := ReadPassword(dir); err == nil {
		return pw, os.Chmod(path, 0o600)
	} else if !errors.Is(err, os.ErrNotExist) {
		return "", err
	}
	tmp, err := writeTemp(path, []byte(newPassword().Reveal()+"\n"))
	if err != nil {
		return "", err
	}
	defer os.Remove(tmp)
	if err := os.Link(tmp, path); err != nil && !errors.Is(err, os.ErrExist) {
		return "", fmt.Errorf("deploy: %w", err)
	}
	return ReadPassword(dir)
}

// writePrivate replaces path with data, mode 0600, atomically: a reader sees
// the old file or the new one, and a file left 0640 by an older bdg is
// replaced, not rewritten in place.
func writePrivate(path string, data []byte) error {
	tmp, err := writeTemp(path, data)
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("deploy: %w", err)
	}
	return nil
}

func writeTemp(path string, data []byte) (string, error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return "", fmt.Errorf("deploy: %w", err)
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return "", fmt.Errorf("deploy: %w", err)
	}
	return f.Name(), nil // CreateTemp makes it 0600
}
