package publish

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// stage builds the new folder as a hidden sibling of dir, .NAME.new-*,
// and puts it in dir's place. Files that stay are hard links to the old
// ones, so a released file has a name at every moment and costs no copy.
// Until the swap, dir is untouched; a failure removes the staging folder.
func stage(dir string, old *folder, p *planned, wrap func(string, io.Writer) io.Writer) (err error) {
	parent, base := filepath.Dir(dir), filepath.Base(dir)
	stg, err := os.MkdirTemp(parent, "."+base+".new-")
	if err != nil {
		return err
	}
	swapped := false
	defer func() {
		if !swapped {
			os.RemoveAll(stg)
		}
	}()
	mode := fs.FileMode(0o755)
	if old.exists {
		mode = old.mode.Perm()
	}
	if err := os.Chmod(stg, mode); err != nil {
		return err
	}
	for _, n := range append(p.carry, p.link...) {
		if err := linkOrCopy(dir, n, stg, n); err != nil {
			return err
		}
	}
	for _, k := range p.keep {
		if err := linkOrCopy(dir, k.Name, stg, k.As); err != nil {
			return fmt.Errorf("keeping the released %s: %w", k.Name, err)
		}
	}
	for _, f := range p.write {
		if err := writeFile(stg, f.Name, f.Data, p.mode, wrap); err != nil {
			return fmt.Errorf("%s: %w", f.Name, err)
		}
	}
	if err := writeFile(stg, ManifestName, p.manifest, 0o644, wrap); err != nil {
		return fmt.Errorf("%s: %w", ManifestName, err)
	}
	if err := syncDir(stg); err != nil {
		return err
	}
	oldAt, err := swap(stg, dir, old.exists)
	if err != nil {
		return err
	}
	swapped = true
	if oldAt != "" {
		os.RemoveAll(oldAt) // what is left is swept by the next write
	}
	return syncDir(parent)
}

// swap puts the folder stg at dir and returns where the old folder went
// ("" when there was none). With RENAME_EXCHANGE it is one step; without,
// two renames, between which dir does not exist (the next write puts the
// old folder back if the process dies there).
func swap(stg, dir string, exists bool) (string, error) {
	if !exists {
		return "", os.Rename(stg, dir)
	}
	ok, err := exchange(stg, dir)
	if err != nil {
		return "", err
	}
	if ok {
		return stg, nil
	}
	oldAt := filepath.Join(filepath.Dir(stg), strings.Replace(filepath.Base(stg), ".new-", ".old-", 1))
	if err := os.Rename(dir, oldAt); err != nil {
		return "", err
	}
	if err := os.Rename(stg, dir); err != nil {
		os.Rename(oldAt, dir)
		return "", err
	}
	return oldAt, nil
}

// sweep removes what a killed write into parent/base left: its staging
// folder, or the old folder it had moved aside, which goes back in place
// if the new one never took it.
func sweep(parent, base string) error {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return err
	}
	var olds []string
	for _, e := range entries {
		n := e.Name()
		switch {
		case strings.HasPrefix(n, "."+base+".new-"):
			if err := os.RemoveAll(filepath.Join(parent, n)); err != nil {
				return err
			}
		case strings.HasPrefix(n, "."+base+".old-"):
			olds = append(olds, filepath.Join(parent, n))
		}
	}
	dir := filepath.Join(parent, base)
	for _, o := range olds {
		if _, err := os.Lstat(dir); errors.Is(err, fs.ErrNotExist) {
			if err := os.Rename(o, dir); err != nil {
				return err
			}
			continue
		}
		if err := os.RemoveAll(o); err != nil {
			return err
		}
	}
	return nil
}

// writeFile writes a new file into the staging folder and syncs it.
func writeFile(dir, name string, data []byte, mode fs.FileMode, wrap func(string, io.Writer) io.Writer) error {
	f, err := os.OpenFile(filepath.Join(dir, name), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	var w io.Writer = f
	if wrap != nil {
		w = wrap(name, f)
	}
	if _, err := w.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Chmod(mode); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// linkOrCopy gives the file from/name the second name to/as: a hard link,
// or where links are not supported a copy, read with a bound.
func linkOrCopy(from, name, to, as string) error {
	if err := os.Link(filepath.Join(from, name), filepath.Join(to, as)); err == nil {
		return nil
	}
	f, fi, err := openRegular(from, name)
	if err != nil {
		return err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, fi.Size()))
	if err != nil {
		return err
	}
	return writeFile(to, as, data, fi.Mode().Perm(), nil)
}

// syncDir makes the names in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}
