package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/schollz/progressbar/v3"

	"selfcheck/app/importer"
	"selfcheck/models"
)

func init() {
	register(command{
		name:    "import",
		summary: "Load the district's firms from a registry export (CSV or XLSX), updating firms already known by code; or the inspectors' roster (执法人员名录), updating people known by certificate number.",
		usage:   "--enterprises FILE | --inspectors FILE [--sheet NAME] [--skip-invalid] [--dry-run]",
		flags: func(fs *flag.FlagSet) func(context.Context, *env, []string) error {
			var o importOptions
			fs.StringVar(&o.File, "enterprises", "", "the registry export: .csv (UTF-8 or GB18030) or .xlsx")
			fs.StringVar(&o.Inspectors, "inspectors", "", "the roster: .csv or .xlsx with columns "+importer.InspectorTemplate())
			fs.StringVar(&o.Sheet, "sheet", "", "the XLSX sheet to read (default: the first)")
			fs.BoolVar(&o.SkipInvalid, "skip-invalid", false, "import the valid rows even when others are refused")
			fs.BoolVar(&o.DryRun, "dry-run", false, "check the file and report, but write nothing")
			return func(ctx context.Context, e *env, args []string) error {
				if len(args) > 0 {
					return usagef("unexpected argument %q", args[0])
				}
				if (o.File == "") == (o.Inspectors == "") {
					return usagef("--enterprises FILE is required, or --inspectors FILE for the roster (one of the two)")
				}
				a, err := openApp(ctx, e, true)
				if err != nil {
					return err
				}
				defer a.Close()
				if o.Inspectors != "" {
					return a.importInspectors(ctx, o, e.stdout)
				}
				return a.importEnterprises(ctx, o, e.stdout, e.stderr)
			}
		},
	})
}

// importOptions are the flags of the import command.
type importOptions struct {
	File, Sheet         string
	Inspectors          string
	SkipInvalid, DryRun bool
}

// importEnterprises reads, checks and upserts a registry export, reporting
// every refused row to out. A file with refused rows imports nothing unless
// o.SkipInvalid; all accepted rows land in one transaction or none do.
func (a *App) importEnterprises(ctx context.Context, o importOptions, out, progress io.Writer) error {
	t, err := importer.ReadFile(o.File, importer.Options{Sheet: o.Sheet})
	if err != nil {
		return importError(err)
	}
	var bar *progressbar.ProgressBar
	if len(t.Rows) >= 20_000 {
		bar = progressbar.NewOptions(len(t.Rows), progressbar.OptionSetWriter(progress), progressbar.OptionSetDescription("check"),
			progressbar.OptionShowCount(), progressbar.OptionThrottle(200*time.Millisecond), progressbar.OptionClearOnFinish())
	}
	res, err := importer.Check(t, a.district, func(done int) {
		if bar != nil {
			bar.Set(done)
		}
	})
	if bar != nil {
		bar.Finish()
	}
	if err != nil {
		return importError(err)
	}
	if write, err := reportChecked(out, o, o.File, "（无代码）", res.Rows, len(res.Valid), res.Problems); !write {
		return err
	}
	if len(res.Valid) >= 20_000 {
		fmt.Fprintf(progress, "writing %d firms in one transaction…\n", len(res.Valid))
	}
	began := time.Now()
	up, err := a.store.UpsertEnterprises(ctx, res.Valid)
	if err != nil {
		return fmt.Errorf("import %s: %w", o.File, err)
	}
	fmt.Fprintf(out, "导入完成：新增 %d 家，更新 %d 家，跳过 %d 行（用时 %s）\n",
		up.Inserted, up.Updated, len(res.Problems), time.Since(began).Round(time.Millisecond))
	return nil
}

// importError shows a coded error's Chinese message alone.
func importError(err error) error {
	if models.ErrorCode(err) == models.EINVALID {
		return fmt.Errorf("%s", models.ErrorMessage(err))
	}
	return err
}

// reportChecked prints the row-by-row report of a checked import file and
// decides whether to write: not while a row is refused (unless
// --skip-invalid), on a dry run, or with nothing valid. A refusal is the
// error; the other two stop without one. noCode stands in for a row
// without its key.
func reportChecked(out io.Writer, o importOptions, file, noCode string, rows, valid int, problems []importer.Problem) (bool, error) {
	fmt.Fprintf(out, "%s：共 %d 行数据，有效 %d 行，有问题 %d 行\n", file, rows, valid, len(problems))
	for _, p := range problems {
		code := p.USCC
		if code == "" {
			code = noCode
		}
		fmt.Fprintf(out, "第 %d 行\t%s\t%s\n", p.Line, code, p.Reason())
	}
	switch {
	case len(problems) > 0 && !o.SkipInvalid:
		return false, fmt.Errorf("%d 行有问题，未导入任何数据：请修正后重新导入，或加 --skip-invalid 只导入有效的 %d 行", len(problems), valid)
	case o.DryRun:
		fmt.Fprintf(out, "试运行（--dry-run）：未写入数据库，可导入 %d 行\n", valid)
		return false, nil
	case valid == 0:
		fmt.Fprintln(out, "没有可导入的行")
		return false, nil
	}
	return true, nil
}
