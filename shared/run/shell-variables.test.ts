import { describe, expect, it } from 'vitest';
import { variablesRead } from './shell-variables.ts';

describe("the variables a step's command reads from its environment", () => {
  it('finds $NAME and ${NAME} where the shell expands them, in double quotes too', () => {
    expect(variablesRead('psql -h $HOST -U "${DB_USER}" -c "select 1" -o out_$SUFFIX.csv')).toEqual(['HOST', 'DB_USER', 'SUFFIX']);
  });

  it("leaves out what is not read from the environment: single quotes, \\$, a default or check given, the shell's own, command output", () => {
    expect(variablesRead("echo '$A' \\$B ${C:-x} ${D-x} ${E:=x} ${F:?say} ${G+x} $RANDOM $PWD $(date) $((1 + 2)) $1 $@ $?")).toEqual([]);
    expect(variablesRead('echo "it\'s $Q"')).toEqual(['Q']);
  });

  it('leaves out what the command gives itself first, and says nothing of a command that sources a file', () => {
    expect(variablesRead('export A=1 && echo $A; B=2; echo $B; for f in x y; do echo $f; done; read -r LINE < f; echo $LINE; local C; echo $C')).toEqual([]);
    expect(variablesRead('source .venv/bin/activate && echo $VIRTUAL_ENV')).toEqual([]);
    expect(variablesRead('. ./config.sh; python x.py --db $DB')).toEqual([]);
  });
});
