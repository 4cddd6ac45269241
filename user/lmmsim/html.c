#include "lmmsim.h"
int sim_html_write(const char *path, const struct sim_opts *opts, const struct sim_trace *trace, const struct sim_run *runs, size_t nruns) { (void)path;(void)opts;(void)trace;(void)runs;(void)nruns; return 0; }
