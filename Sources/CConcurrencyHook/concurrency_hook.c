#include "concurrency_hook.h"

extern void *swift_task_enqueueGlobal_hook;

void *falachefe_swift_task_enqueue_global_hook_address(void) {
    return &swift_task_enqueueGlobal_hook;
}
