package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/bdg-district/bdg/auth"
	"github.com/bdg-district/bdg/period"
	"github.com/bdg-district/bdg/units"
)

const tokenUsage = `bdg token: mã truy cập API / API bearer tokens

  bdg token create --role ROLE [--commune CODE [--era ERA]] [--owner USER] [--label TEXT]
                       in mã một lần, ở dòng cuối / prints the token once, on the last line
  bdg token list       liệt kê (không in mã) / list (never the secrets)
  bdg token revoke ID  thu hồi / revoke

ROLE: admin, officer, viewer, reporter (reporter cần --commune / needs --commune; --era khi mã có ở cả
hai thời kỳ / when the code names a commune in both eras).
--owner: người dùng sở hữu mã; mã ngừng khi người đó bị khoá, và không làm được hơn người đó /
the user the token belongs to: it stops when that user is disabled, and can do no more than the user.
Không có --owner: mã độc lập, dùng đến khi bị thu hồi / without --owner the token is independent and
works until revoked.
Dùng được khi "bdg serve" đang chạy trên cùng --data / works while "bdg serve" runs on the same --data.
Mọi thay đổi được ghi vào nhật ký thao tác / every change is written to the audit log.
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
	role, commune, era := addRoleFlags(fs)
	label := fs.String("label", "", "ghi chú (ví dụ tên hệ thống dùng mã) / a label (e.g. the system using it)")
	owner := fs.String("owner", "", "người dùng sở hữu mã (mã ngừng khi người đó bị khoá) / the user the token belongs to (it stops when the user is disabled)")
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
	by := osUser()
	audit := func(target string, err error, before, after any) {
		recordCommand(ctx, au, stderr, auth.CommandEntry(by, "bdg token "+sub, "token."+sub, target, err), before, after)
	}
	switch sub {
	case "create":
		secret, t, err := au.AddToken(ctx, auth.NewToken{Role: r, Scope: units.Scope{Code: *commune, Era: period.Era(*era)},
			Label: *label, Owner: *owner, By: "cli:" + by})
		if err != nil {
			audit("", err, nil, map[string]string{"role": *role, "commune": *commune, "owner": *owner, "label": *label})
			fmt.Fprintln(stderr, "bdg token create:", err)
			var ie *auth.InputError
			if errors.As(err, &ie) {
				return 2
			}
			return 1
		}
		audit(t.ID, nil, nil, auth.TokenRecord(t))
		scope := string(t.Role)
		if t.Commune != "" {
			scope += " " + t.Commune + " (" + string(t.Era) + ")"
		}
		if t.Owner != "" {
			scope += ", owner " + t.Owner
		}
		fmt.Fprintf(stdout, "Mã truy cập %s (%s) — chỉ hiện một lần / token %s, shown once:\n", t.ID, scope, t.ID)
		fmt.Fprintln(stdout, secret)
	case "list":
		list, err := au.Tokens(ctx)
		if err != nil {
			fmt.Fprintln(stderr, "bdg token list:", err)
			return 1
		}
		// OWNER "-" is a token of its own: it works until revoked, whoever
		// made it is disabled; CREATED BY says who made it.
		w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "ID\tROLE\tCOMMUNE\tOWNER\tLABEL\tCREATED\tCREATED BY\tREVOKED")
		for _, t := range list {
			rev, own, commune := "", t.Owner, t.Commune
			if t.Revoked {
				rev = t.RevokedAt.Format("2006-01-02 15:04")
			}
			if own == "" {
				own = "- (independent)"
			}
			if commune != "" {
				commune += " (" + string(t.Era) + ")"
			}
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.Role, commune, own, t.Label, t.Created.Format("2006-01-02 15:04"), t.CreatedBy, rev)
		}
		w.Flush()
	case "revoke":
		before, err := au.RevokeTokenOf(ctx, pos[0])
		after := before
		after.Revoked = true
		audit(pos[0], err, auth.TokenRecord(before), auth.TokenRecord(after))
		if err != nil {
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
