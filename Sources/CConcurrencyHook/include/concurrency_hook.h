#ifndef FALACHEFE_CONCURRENCY_HOOK_H
#define FALACHEFE_CONCURRENCY_HOOK_H

/// The address of the Swift runtime's `swift_task_enqueueGlobal_hook`, the function pointer
/// the runtime calls instead of its own global executor when it is set. Taken at link time,
/// not with `dlsym`: with the standard library linked statically the symbol is hidden.
void *_Nonnull falachefe_swift_task_enqueue_global_hook_address(void);

#endif
