// libedit (Debian libedit-dev), through its readline-compatible interface:
// line editing, history and tab completion for `kg shell`. The readline
// globals are set here, so Swift touches no shared mutable C state.
#include <stdio.h>
#include <editline/readline.h>

static inline void kg_edit_setup(rl_completion_func_t *completion) {
    rl_readline_name = "kg";
    // A word for completion ends at white space and ',' only: `-[:lic` and `("FAW` stay whole.
    rl_basic_word_break_characters = " \t\n,";
    rl_completer_word_break_characters = (char *)" \t\n,";
    rl_attempted_completion_function = completion;
}

static inline const char *kg_edit_line_buffer(void) { return rl_line_buffer; }

static inline void kg_edit_completion_over(void) { rl_attempted_completion_over = 1; }
