// Package publish writes finished files into the output folder so that each
// file there is always either the old complete one or the new complete one:
// write to a temporary file in the same folder, sync it, rename it over the
// old name, sync the folder.
package publish

import (
	"fmt"
	"os"
	"path/filepath"
)

// File is one output file.
type File struct {
	Name string // base name inside the edition folder
	Data []byte
}

// Write puts files into dir, creating dir when needed.
func Write(dir string, files []File) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	for _, f := range files {
		if err := writeFile(dir, f); err != nil {
			return fmt.Errorf("publish %s: %w", filepath.Join(dir, f.Name), err)
		}
	}
	return syncDir(dir)
}

func writeFile(dir string, f File) (err error) {
	tmp, err := os.CreateTemp(dir, "."+f.Name+".tmp-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(f.Data); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Chmod(0o644); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), filepath.Join(dir, f.Name))
}

// syncDir makes the renames durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("publish: sync %s: %w", dir, err)
	}
	return nil
}
