package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/bdg-district/bdg/auth"
)

const tokenUsage = `bdg token: mã truy cập API / API bearer tokens

  bdg token create --role ROLE [--commune CODE] [--label TEXT]   in mã một lần, ở dòng cuối / prints the token once, on the last line
  bdg token list                                                 liệt kê (không in mã) / list (never the secrets)
  bdg token revoke ID                                            thu hồi / revoke

ROLE: admin, officer, viewer, reporter (reporter cần --commune / needs --commune).
Dùng được khi "bdg serve" đang chạy trên cùng --data / works while "bdg serve" runs on the same --data.
`

// parseWithArgs parses flags that may come before or after positional
// arguments ("revoke ID --data X" and "revoke --data X ID").
func parseWithArgs(fs *flag.FlagSet, args []string, stderr io.Writer) (pos []string, code int, ok bool) {
	for {
		if code, ok := parseFlags(fs, args, stderr); !ok {
			return nil, code, false
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, 0, true
		}
		pos, args = append(pos, rest[0]), rest[1:]
	}
}

func cmdToken(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	sub, fs, code, done := subcommand("token", tokenUsage, args, stdout, stderr)
	if done {
		return code
	}
	db := addDBFlags(fs)
	role, commune := addRoleFlags(fs)
	label := fs.String("label", "", "ghi chú (ví dụ tên hệ thống dùng mã) / a label (e.g. the system using it)")
	pos, code, ok := parseWithArgs(fs, args[1:], stderr)
	if !ok {
		return code
	}
	switch sub {
	case "create", "list":
		if len(pos) != 0 {
			fmt.Fprint(stderr, tokenUsage)
			return 2
		}
	case "revoke":
		if len(pos) != 1 {
			fmt.Fprint(stderr, tokenUsage)
			return 2
		}
	default:
		fmt.Fprintf(stderr, "bdg token: lệnh không rõ / unknown command %q\n\n%s", sub, tokenUsage)
		return 2
	}
	var r auth.Role
	if sub == "create" {
		var err error
		if r, err = auth.ParseRole(*role); err != nil {
			fmt.Fprintln(stderr, "bdg token create:", err)
			return 2
		}
	}
	au, closeDB, code := db.openAuth(ctx, "bdg token", stderr)
	if code != 0 {
		return code
	}
	defer closeDB()
	switch sub {
	case "create":
		secret, t, err := au.CreateToken(ctx, r, *commune, *label, "cli")
		if err != nil {
			fmt.Fprintln(stderr, "bdg token create:", err)
			var ie *auth.InputError
			if errors.As(err, &ie) {
				return 2
			}
			return 1
		}
		scope := string(t.Role)
		if t.Commune != "" {
			scope += " " + t.Commune
		}
		fmt.Fprintf(stdout, "Mã truy cập %s (%s) — chỉ hiện một lần / token %s, shown once:\n", t.ID, scope, t.ID)
		fmt.Fprintln(stdout, secret)
	case "list":
		list, err := au.Tokens(ctx)
		if err != nil {
			fmt.Fprintln(stderr, "bdg token list:", err)
			return 1
		}
		w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "ID\tROLE\tCOMMUNE\tLABEL\tCREATED\tREVOKED")
		for _, t := range list {
			rev := ""
			if t.Revoked {
				rev = t.RevokedAt.Format("2006-01-02 15:04")
			}
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.Role, t.Commune, t.Label, t.Created.Format("2006-01-02 15:04"), rev)
		}
		w.Flush()
	case "revoke":
		if err := au.RevokeToken(ctx, pos[0]); err != nil {
			fmt.Fprintln(stderr, "bdg token revoke:", err)
			if errors.Is(err, auth.ErrNoToken) {
				return 2
			}
			return 1
		}
		fmt.Fprintf(stdout, "Đã thu hồi / revoked %s\n", pos[0])
	}
	return 0
}
