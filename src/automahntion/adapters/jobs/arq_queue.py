"""Jobs through arq and Redis: a job id is taken once while its result is kept."""

from __future__ import annotations

from arq.connections import ArqRedis


class ArqJobs:
    def __init__(self, redis: ArqRedis) -> None:
        self._redis = redis

    async def enqueue(self, name: str, *args: str, job_id: str, delay_s: float = 0.0) -> bool:
        job = await self._redis.enqueue_job(
            name, *args, _job_id=job_id, _defer_by=delay_s if delay_s > 0 else None
        )
        return job is not None
