//! A function binary running as Lambda runs it: its own process, its own Runtime API,
//! one invocation at a time.

use serde_json::Value;
use std::{path::Path, process::Stdio, time::Duration, time::Instant};
use tokio::process::{Child, ChildStdout, Command};
use tokio::sync::Mutex;

use super::runtime_api::{Outcome, RuntimeApi};

/// A started function binary.
pub struct FunctionProcess {
    // Fields drop in order: the process is killed before its Runtime API closes, so it
    // never reads the closing API's answer as a malformed event and panics.
    child: Mutex<Child>,
    runtime: RuntimeApi,
    one_at_a_time: Mutex<()>,
    /// From spawning the process to its first poll for an event.
    pub init: Duration,
}

/// Where a started function's standard output goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// The gateway's own output, as `cargo lambda watch` shows it.
    Inherit,
    /// A pipe the caller reads with [`FunctionProcess::take_stdout`].
    Capture,
}

impl FunctionProcess {
    /// Starts `binary` as function `name` with the environment Lambda gives it, plus
    /// `env`, and waits until its init is done.
    pub async fn start(binary: &Path, name: &str, env: &[(String, String)]) -> std::io::Result<Self> {
        Self::start_with(binary, name, env, Output::Inherit).await
    }

    /// Like [`FunctionProcess::start`], choosing where standard output goes.
    pub async fn start_with(
        binary: &Path,
        name: &str,
        env: &[(String, String)],
        output: Output,
    ) -> std::io::Result<Self> {
        let runtime = RuntimeApi::start(name).await?;
        let started = Instant::now();
        let child = Command::new(binary)
            .env("AWS_LAMBDA_RUNTIME_API", runtime.address())
            .env("AWS_LAMBDA_FUNCTION_NAME", name)
            .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256")
            .env("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
            .env("AWS_LAMBDA_LOG_STREAM_NAME", "local")
            .env("AWS_LAMBDA_LOG_GROUP_NAME", format!("/aws/lambda/{name}"))
            .envs(env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::null())
            .stdout(match output {
                Output::Inherit => Stdio::inherit(),
                Output::Capture => Stdio::piped(),
            })
            .kill_on_drop(true)
            .spawn()?;
        let mut child = child;
        // A process that exits during init (a setting it cannot use) fails the start at
        // once rather than after the init deadline.
        let ready = tokio::select! {
            ready = tokio::time::timeout(Duration::from_secs(30), runtime.initialised()) => matches!(ready, Ok(true)),
            _ = child.wait() => false,
        };
        if !ready {
            let status = child.try_wait()?;
            return Err(std::io::Error::other(format!(
                "{name} did not finish its init (exit status: {status:?})"
            )));
        }
        let child = Mutex::new(child);
        Ok(Self {
            runtime,
            child,
            one_at_a_time: Mutex::new(()),
            init: started.elapsed(),
        })
    }

    /// Invokes the function with `event`; concurrent callers wait their turn, as
    /// requests do for one Lambda execution environment.
    pub async fn invoke(&self, event: Value) -> Outcome {
        let _turn = self.one_at_a_time.lock().await;
        self.runtime.invoke(event).await
    }

    /// The captured standard output, once.
    pub async fn take_stdout(&self) -> Option<ChildStdout> {
        self.child.lock().await.stdout.take()
    }

    /// CPU time the process has used so far, user and system, summed over its live
    /// threads (`/proc/<pid>/task/*/schedstat`, nanosecond resolution; Linux only).
    pub async fn cpu_time(&self) -> Option<Duration> {
        let pid = self.child.lock().await.id()?;
        let tasks = std::fs::read_dir(format!("/proc/{pid}/task")).ok()?;
        let nanos = tasks
            .filter_map(|task| std::fs::read_to_string(task.ok()?.path().join("schedstat")).ok())
            .filter_map(|stat| stat.split_whitespace().next()?.parse::<u64>().ok())
            .sum();
        Some(Duration::from_nanos(nanos))
    }

    /// The most resident memory the process has had, in KiB (`VmHWM`; Linux only).
    pub async fn peak_rss_kib(&self) -> Option<u64> {
        let pid = self.child.lock().await.id()?;
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
        let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
        line.split_whitespace().nth(1)?.parse().ok()
    }

    /// Whether the process is still running.
    pub async fn is_running(&self) -> bool {
        matches!(self.child.lock().await.try_wait(), Ok(None))
    }
}
