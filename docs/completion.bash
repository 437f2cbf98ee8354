# Bash completion for bulletin: commands, then each command's flags, then
# file names (the edition folders). Add to ~/.bashrc:
#   source /path/to/bulletin/docs/completion.bash
_bulletin() {
  local cur="${COMP_WORDS[COMP_CWORD]}" args=("${COMP_WORDS[@]:0:COMP_CWORD}")
  [[ "$cur" == -* ]] && args+=("$cur")
  COMPREPLY=($(compgen -W "$("${args[@]}" --generate-bash-completion 2>/dev/null)" -- "$cur"))
}
complete -o default -F _bulletin bulletin
